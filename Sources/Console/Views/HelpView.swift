import ScimifyCore

/// The `?` overlay: every key of the current view, generated from the keymap. The view-number keys share
/// one line, and so do the movement keys. Each line wraps to the terminal's width, and the list scrolls
/// (j k PgUp PgDn g G) when it is taller than the terminal.
enum HelpView {
    static func lines(_ state: ConsoleState) -> [(keys: String, help: String, disabled: Bool)] {
        var lines: [(String, String, Bool)] = []
        var viewsAdded = false
        var movesAdded = false
        for binding in state.keymap.bindings where binding.applies(to: state.tab) {
            if binding.action.isMovement {
                if !movesAdded {
                    lines.append(
                        ("j k g G", "move down, up, first, last (↓ ↑ Home End) · PgDn PgUp (Ctrl-F Ctrl-B) page", false)
                    )
                    movesAdded = true
                }
                continue
            }
            if case .showView = binding.action {
                if !viewsAdded {
                    lines.append(
                        (
                            "1-\(ConsoleTab.allCases.count)",
                            ConsoleTab.allCases.map { $0.title.lowercased() }.joined(separator: " · "), false
                        ))
                    viewsAdded = true
                }
                continue
            }
            let disabled = state.readOnly && binding.action.isMutating
            lines.append((binding.keyLabel, binding.help + (disabled ? " (disabled)" : ""), disabled))
        }
        return lines
    }

    /// Columns of the key column.
    static let keyWidth = 14

    /// The help's width on a terminal `width` columns wide: all of it up to 110 columns.
    static func boxWidth(_ width: Int) -> Int { min(110, width - 2) }

    /// The help as wrapped rows: a row with keys starts an entry, the rows after it continue its text.
    static func rows(_ state: ConsoleState) -> [(keys: String, help: String, disabled: Bool)] {
        let textWidth = boxWidth(state.width) - 4 - keyWidth - 1
        return lines(state).flatMap { line in
            TextWrap.lines(line.help, width: textWidth).enumerated().map { index, text in
                (index == 0 ? line.keys : "", text, line.disabled)
            }
        }
    }

    /// Rows the help shows at once.
    static func page(_ state: ConsoleState) -> Int { ScrolledBox.page(rows(state).count, height: state.height) }

    static func draw(_ state: ConsoleState, scroll: Int, into buffer: inout CellBuffer) {
        let rows = rows(state)
        ScrolledBox.draw(
            rows.count, title: "Keys: \(state.tab.title)" + (state.readOnly ? " (read-only: changes disabled)" : ""),
            width: boxWidth(buffer.width), scroll: scroll, closing: "any other key closes", into: &buffer
        ) { index, y, x, width, buffer in
            let row = rows[index]
            buffer.putField(
                row.keys, row: y, column: x, columns: keyWidth,
                style: row.disabled ? .muted : CellStyle(tone: .accent, bold: true))
            buffer.put(
                row.help, row: y, column: x + keyWidth + 1, style: row.disabled ? .muted : .plain,
                limit: width - keyWidth - 1)
        }
    }
}
