import ScimifyCore

/// One terminal cell: a grapheme (or `""` for the right half of a wide glyph) and its style.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var style: CellStyle

    public init(_ text: String = " ", _ style: CellStyle = .plain) {
        self.text = text
        self.style = style
    }

    /// The right half of a two-column glyph: drawn by the glyph to its left.
    public var isContinuation: Bool { text.isEmpty }
}

/// A frame as a grid of cells. Views draw into it (pure); the terminal adapter copies it to the screen.
/// All text is measured by display columns, never split inside a wide glyph, and control characters from
/// the network are replaced before they reach a cell.
public struct CellBuffer: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    public subscript(row: Int, column: Int) -> Cell {
        cells[row * width + column]
    }

    /// Writes `text` at (`row`, `column`), clipped to `limit` columns (default: to the right edge).
    /// - Returns: the columns written.
    @discardableResult
    public mutating func put(_ text: String, row: Int, column: Int, style: CellStyle = .plain, limit: Int? = nil) -> Int
    {
        guard row >= 0, row < height, column < width else { return 0 }
        let end = min(width, column + (limit ?? width))
        var x = column
        for character in text {
            if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F {
                // The common case: one printable ASCII byte, one column.
                if x + 1 > end { break }
                if x >= 0 { cells[row * width + x] = Cell(String(character), style) }
                x += 1
                continue
            }
            let glyph = Self.printable(character)
            let w = DisplayWidth.of(glyph)
            if w == 0 {
                // A combining mark or zero-width joiner: attach it to the glyph on its left.
                if x > column, x - 1 < width, x - 1 >= 0 {
                    var target = x - 1
                    if cells[row * width + target].isContinuation, target > 0 { target -= 1 }
                    cells[row * width + target].text += glyph
                }
                continue
            }
            if x + w > end { break }
            if x >= 0 {
                cells[row * width + x] = Cell(glyph, style)
                if w == 2 { cells[row * width + x + 1] = Cell("", style) }
            }
            x += w
        }
        return x - column
    }

    /// Writes `text` padded or truncated (with `…`) to exactly `columns`.
    public mutating func putField(_ text: String, row: Int, column: Int, columns: Int, style: CellStyle = .plain) {
        if text.utf8.count <= columns, text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            // Printable ASCII that fits: no escaping or measuring needed.
            let used = put(text, row: row, column: column, style: style, limit: columns)
            if used < columns {
                put(String(repeating: " ", count: columns - used), row: row, column: column + used, style: style)
            }
            return
        }
        let fitted = DisplayWidth.pad(Self.sanitized(text), to: columns)
        put(fitted, row: row, column: column, style: style, limit: columns)
    }

    /// Fills a rectangle with spaces in `style`.
    public mutating func fill(row: Int, column: Int, width w: Int, height h: Int, style: CellStyle = .plain) {
        for y in max(0, row)..<min(height, row + h) {
            for x in max(0, column)..<min(width, column + w) { cells[y * width + x] = Cell(" ", style) }
        }
    }

    /// Draws a box border with an optional title on the top edge.
    public mutating func box(
        row: Int, column: Int, width w: Int, height h: Int, style: CellStyle = .plain, title: String? = nil,
        titleStyle: CellStyle? = nil
    ) {
        guard w >= 2, h >= 2 else { return }
        for x in column + 1..<column + w - 1 {
            put("─", row: row, column: x, style: style)
            put("─", row: row + h - 1, column: x, style: style)
        }
        for y in row + 1..<row + h - 1 {
            put("│", row: y, column: column, style: style)
            put("│", row: y, column: column + w - 1, style: style)
        }
        put("┌", row: row, column: column, style: style)
        put("┐", row: row, column: column + w - 1, style: style)
        put("└", row: row + h - 1, column: column, style: style)
        put("┘", row: row + h - 1, column: column + w - 1, style: style)
        if let title {
            put(" \(Self.sanitized(title)) ", row: row, column: column + 2, style: titleStyle ?? style, limit: w - 4)
        }
    }

    /// The text of one row (continuation cells skipped), for tests and the screen reader of the adapter.
    public func text(row: Int) -> String {
        (0..<width).map { self[row, $0].text }.joined()
    }

    /// Every row's text, joined by newlines, with trailing spaces kept.
    public var text: String { (0..<height).map(text(row:)).joined(separator: "\n") }

    /// Text from the network made safe for a cell: control characters, escapes and bidi overrides become
    /// visible `\u{..}` escapes (``SafeText``), with no length limit.
    public static func sanitized(_ text: String) -> String {
        SafeText.neutralized(text, limit: Int.max)
    }

    private static func printable(_ character: Character) -> String {
        for scalar in character.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || (0x7F...0x9F).contains(value) || (0x202A...0x202E).contains(value)
                || (0x2066...0x2069).contains(value)
            {
                return "�"
            }
        }
        return String(character)
    }
}
