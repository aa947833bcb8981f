import ScimifyCore

/// The `?` overlay: every key of the current view, generated from the keymap. The view-number keys share
/// one line, and so do the movement keys; when the list is taller than the terminal it flows into two columns.
enum HelpView {
    static func lines(_ state: ConsoleState) -> [(keys: String, help: String, disabled: Bool)] {
        var lines: [(String, String, Bool)] = []
        var viewsAdded = false
        var movesAdded = false
        for binding in Keymap.bindings where binding.applies(to: state.tab) {
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

    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let lines = lines(state)
        let available = buffer.height - 6
        let columns = lines.count <= available ? 1 : 2
        let perColumn = (lines.count + columns - 1) / columns
        let f = DialogView.frame(
            &buffer, width: columns == 1 ? 84 : buffer.width - 2, height: min(buffer.height - 2, perColumn + 3),
            title: "Keys: \(state.tab.title)" + (state.readOnly ? " (read-only: changes disabled)" : ""))
        let columnWidth = (f.width - 4) / columns
        let keyWidth = columns == 1 ? 16 : 12
        for (index, line) in lines.enumerated() {
            let x = f.column + 2 + (index / perColumn) * columnWidth
            let y = f.row + 1 + index % perColumn
            guard y < f.row + f.height - 2 else { continue }
            buffer.putField(
                line.keys, row: y, column: x, columns: keyWidth,
                style: line.disabled ? .muted : CellStyle(tone: .accent, bold: true))
            buffer.put(
                line.help, row: y, column: x + keyWidth + 1, style: line.disabled ? .muted : .plain,
                limit: columnWidth - keyWidth - 2)
        }
        buffer.put("any key closes", row: f.row + f.height - 2, column: f.column + 2, style: .muted)
    }
}
