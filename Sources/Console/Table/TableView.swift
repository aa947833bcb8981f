/// One cell of a table row: text (untrusted text is sanitized when drawn) and its style.
struct TableCell {
    var text: String
    var style: CellStyle = .plain

    init(_ text: String, _ style: CellStyle = .plain) {
        self.text = text
        self.style = style
    }
}

/// Draws a ``RowTable``: a header with the sort arrow, then the visible window of rows with the selection
/// in reverse video. Fixed-width columns keep their width; flexible ones share the rest.
enum TableView {
    static func widths<Row>(_ columns: [TableColumn<Row>], total: Int) -> [Int] {
        let separators = max(0, columns.count - 1)
        let fixed = columns.compactMap(\.width).reduce(0, +)
        let flexible = columns.filter { $0.width == nil }.count
        let share = flexible == 0 ? 0 : max(6, (total - 1 - separators - fixed) / flexible)
        return columns.map { $0.width ?? share }
    }

    static func draw<Row>(
        _ table: RowTable<Row>, into buffer: inout CellBuffer, row top: Int, height: Int, sortable: Bool,
        empty: String, cells: (Row) -> [TableCell]
    ) {
        let widths = widths(table.columns, total: buffer.width)
        var x = 1
        for (index, column) in table.columns.enumerated() {
            var title = column.title
            if sortable, index == table.sortColumn { title += table.sortAscending ? "↑" : "↓" }
            buffer.putField(title, row: top, column: x, columns: widths[index], style: .heading)
            x += widths[index] + 1
        }
        if table.visible.isEmpty {
            let message =
                table.filter.isEmpty
                ? empty : "no row matches the filter \"\(CellBuffer.sanitized(table.filter))\" (Esc clears it)"
            buffer.put(message, row: top + 2, column: 2, style: .muted)
            return
        }
        for line in 0..<height {
            let position = table.top + line
            guard position < table.visible.count else { break }
            let selected = position == table.cursor
            let y = top + 1 + line
            if selected { buffer.fill(row: y, column: 0, width: buffer.width, height: 1, style: .selected) }
            if table.isMarked(position: position) {
                let mark = CellStyle(tone: .accent, bold: true)
                buffer.put("✓", row: y, column: 0, style: selected ? mark.reversed : mark)
            }
            x = 1
            for (index, cell) in cells(table.row(at: position)).enumerated() where index < widths.count {
                buffer.putField(
                    cell.text, row: y, column: x, columns: widths[index],
                    style: selected ? cell.style.reversed : cell.style)
                x += widths[index] + 1
            }
        }
    }
}
