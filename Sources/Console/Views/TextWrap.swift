import ScimifyCore

/// Word wrapping by display width, so the console never cuts a sentence the operator must read: help lines,
/// the detail pane, dialogs, notices and result lists all wrap through here. A word wider than the line (an
/// id, a URL) is broken at the width instead of cut; nothing is ever dropped.
enum TextWrap {
    /// `text` (sanitized for the terminal) as lines of at most `width` columns. Empty text gives one empty
    /// line, so a blank line in a notice stays blank.
    static func lines(_ text: String, width: Int) -> [String] {
        let width = max(1, width)
        let text = CellBuffer.sanitized(text)
        // A line that fits is kept as it is, its spacing (aligned columns) included.
        if DisplayWidth.of(text) <= width { return [text] }
        var lines: [String] = []
        var current = ""
        var used = 0
        // Words with the spaces before them: runs of spaces inside a line (aligned columns) are kept, the
        // spaces where a line breaks are dropped.
        for (gap, word) in words(text) {
            var word = word
            var wordWidth = DisplayWidth.of(word)
            if used > 0, used + gap + wordWidth <= width {
                current += String(repeating: " ", count: gap) + word
                used += gap + wordWidth
                continue
            }
            if used > 0 {
                lines.append(current)
                current = ""
                used = 0
            }
            while wordWidth > width {
                let (head, rest) = split(word, at: width)
                lines.append(head)
                word = rest
                wordWidth = DisplayWidth.of(word)
            }
            // The text's own indentation is kept on its first line.
            let indent = lines.isEmpty ? gap : 0
            current = String(repeating: " ", count: indent) + word
            used = indent + wordWidth
        }
        if used > 0 || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// Each cell wrapped to `width`, its continuation lines indented by `indent` columns, in the cell's style.
    static func cells(_ cells: [TableCell], width: Int, indent: Int = 2) -> [TableCell] {
        cells.flatMap { cell -> [TableCell] in
            let first = lines(cell.text, width: width)
            guard first.count > 1 else { return first.map { TableCell($0, cell.style) } }
            let pad = String(repeating: " ", count: indent)
            let rest = lines(first.dropFirst().joined(separator: " "), width: width - indent)
            return [TableCell(first[0], cell.style)] + rest.map { TableCell(pad + $0, cell.style) }
        }
    }

    /// The words of `text`, each with the number of spaces before it.
    private static func words(_ text: String) -> [(gap: Int, word: String)] {
        var result: [(Int, String)] = []
        var gap = 0
        var word = ""
        for character in text {
            if character == " " {
                if !word.isEmpty {
                    result.append((gap, word))
                    word = ""
                    gap = 0
                }
                gap += 1
            } else {
                word.append(character)
            }
        }
        if !word.isEmpty { result.append((gap, word)) }
        return result
    }

    /// The first `width` columns of `word` and the rest.
    private static func split(_ word: String, at width: Int) -> (String, String) {
        var head = ""
        var used = 0
        var index = word.startIndex
        while index < word.endIndex {
            let w = DisplayWidth.of(String(word[index]))
            if used + w > width, used > 0 { break }
            head.append(word[index])
            used += w
            index = word.index(after: index)
        }
        return (head, String(word[index...]))
    }
}
