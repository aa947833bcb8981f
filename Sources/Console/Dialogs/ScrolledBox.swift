/// A centred box whose lines scroll when they do not fit: the help, notices (the refresh summary, the messages,
/// the one-time token) and the bulk result list. The last line names the scroll keys and the position when
/// there is more than fits, then how to close.
enum ScrolledBox {
    /// Lines of a text of `count` lines shown at once on a terminal `height` rows tall (the box's two borders,
    /// its `header` lines and the footer line take the rest).
    static func page(_ count: Int, height: Int, header: Int = 0) -> Int {
        max(1, min(count, height - 2 - 3 - header))
    }

    /// Draws the box: `header` lines first (not scrolled), then `count` lines from `scroll` on, each drawn by
    /// `line(index, row, column, width)`, then the footer.
    static func draw(
        _ count: Int, title: String, titleStyle: CellStyle = .bold, width: Int, scroll: Int, closing: String,
        header: [TableCell] = [], into buffer: inout CellBuffer,
        line: (_ index: Int, _ row: Int, _ column: Int, _ width: Int, _ buffer: inout CellBuffer) -> Void
    ) {
        let page = page(count, height: buffer.height, header: header.count)
        let f = DialogView.frame(
            &buffer, width: width, height: page + 3 + header.count, title: title, titleStyle: titleStyle)
        for (index, cell) in header.enumerated() {
            buffer.put(cell.text, row: f.row + 1 + index, column: f.column + 2, style: cell.style, limit: f.width - 4)
        }
        let first = ScrollKey.moved(scroll, by: 0, count: count, page: page)
        for index in first..<min(count, first + page) {
            line(index, f.row + 1 + header.count + index - first, f.column + 2, f.width - 4, &buffer)
        }
        let position =
            count > page ? "j k ↑↓ PgUp PgDn scroll · \(first + 1)-\(first + page) of \(count) · " : ""
        buffer.put(
            position + closing, row: f.row + f.height - 2, column: f.column + 2, style: .muted, limit: f.width - 4)
    }
}
