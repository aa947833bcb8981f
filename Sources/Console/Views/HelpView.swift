import ScimifyCore

/// The `?` overlay: every key of the current view, generated from the keymap.
enum HelpView {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let bindings = Keymap.bindings.filter { $0.applies(to: state.tab) }
        let f = DialogView.frame(&buffer, width: 84, height: min(buffer.height - 2, bindings.count + 4),
                                 title: "Keys: \(state.tab.title)" + (state.readOnly ? " (read-only: changes disabled)" : ""))
        for (index, binding) in bindings.prefix(f.height - 3).enumerated() {
            let disabled = state.readOnly && binding.action.isMutating
            buffer.putField(binding.keyLabel, row: f.row + 1 + index, column: f.column + 2, columns: 16,
                            style: disabled ? .muted : CellStyle(tone: .accent, bold: true))
            buffer.put(binding.help + (disabled ? " (disabled)" : ""), row: f.row + 1 + index, column: f.column + 19,
                       style: disabled ? .muted : .plain, limit: f.width - 21)
        }
        buffer.put("any key closes", row: f.row + f.height - 2, column: f.column + 2, style: .muted)
    }
}
