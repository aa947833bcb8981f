import Foundation
import ScimifyCore

/// The boxed pane under the table with the full record of the selection: every line wraps to the pane, and
/// `J`/`K` scroll it when it holds more than fits (the frame says so).
enum DetailView {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer, row: Int, height: Int) {
        let (title, _) = content(state, capacity: height - 2)
        let rows = rows(state)
        let page = height - 2
        let first = ScrollKey.moved(state.detailScroll, by: 0, count: rows.count, page: page)
        buffer.box(
            row: row, column: 0, width: buffer.width, height: height, style: .muted, title: title, titleStyle: .bold)
        for (index, line) in rows.dropFirst(first).prefix(page).enumerated() {
            buffer.put(line.text, row: row + 1 + index, column: 2, style: line.style, limit: buffer.width - 4)
        }
        // Where the text goes on: the keys that scroll it, on the frame.
        let more = [first > 0 ? "K ↑" : nil, first + page < rows.count ? "J ↓ more" : nil].compactMap { $0 }
        if !more.isEmpty {
            let label = " " + more.joined(separator: " · ") + " "
            buffer.put(
                label, row: row + height - 1, column: buffer.width - 2 - DisplayWidth.of(label),
                style: CellStyle(tone: .accent))
        }
    }

    /// The detail's lines wrapped to the pane's width, continuation lines indented. Nothing is summarised to
    /// fit: a person's every key is listed, and the pane scrolls.
    static func rows(_ state: ConsoleState) -> [TableCell] {
        TextWrap.cells(content(state, capacity: Self.everything).1, width: state.width - 4)
    }

    /// A capacity no detail reaches.
    static let everything = 10_000

    /// Lines the pane shows at once.
    static func page(_ state: ConsoleState) -> Int { max(1, state.detailHeight - 2) }

    static func content(_ state: ConsoleState, capacity: Int = 5) -> (String, [TableCell]) {
        state.tab.view.detail(state, capacity: capacity)
    }
}
