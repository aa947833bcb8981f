/// A text to read in a box: the refresh summary, `:messages`, a new SCIM token shown once. Each line wraps to
/// the box (a `+` line green, `-` red, `~` amber, its continuation too) and the whole scrolls when taller than
/// the terminal.
enum NoticeView {
    /// The box's width on a terminal `width` columns wide.
    static func boxWidth(_ width: Int) -> Int { min(110, width - 2) }

    /// The lines wrapped to the box, each with its style.
    static func rows(_ lines: [String], width: Int) -> [TableCell] {
        TextWrap.cells(
            lines.map { line in
                let style: CellStyle =
                    line.hasPrefix("+") ? .ok : line.hasPrefix("-") ? .error : line.hasPrefix("~") ? .pending : .plain
                return TableCell(line, style)
            }, width: boxWidth(width) - 4)
    }

    /// Lines shown at once.
    static func page(_ lines: [String], _ state: ConsoleState) -> Int {
        ScrolledBox.page(rows(lines, width: state.width).count, height: state.height)
    }

    /// Whether the notice shows a secret once (a new SCIM token).
    static func isOnce(_ title: String) -> Bool { title.hasPrefix("Shown once") }

    static func draw(title: String, lines: [String], scroll: Int, into buffer: inout CellBuffer) {
        let once = isOnce(title)
        let rows = rows(lines, width: buffer.width)
        ScrolledBox.draw(
            rows.count, title: title, titleStyle: CellStyle(tone: once ? .pending : .ok, bold: true),
            width: boxWidth(buffer.width), scroll: scroll,
            closing: once
                ? "y copies the token (OSC 52) · Enter closes; it is not shown again" : "any other key closes",
            into: &buffer
        ) { index, y, x, width, buffer in
            buffer.put(rows[index].text, row: y, column: x, style: rows[index].style, limit: width)
        }
    }
}
