import ScimifyCore

/// The bottom two lines: the flash (or the progress of upstream work), then the key hints of the current
/// view from the keymap, or the `/` and `:` input line.
enum FooterView {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let flashRow = buffer.height - 2
        let footerRow = buffer.height - 1
        if let busy = state.busy {
            let frame = ConsoleScreen.spinner[state.spinner % ConsoleScreen.spinner.count]
            var text = "\(frame) \(busy.label)" + (busy.progress.map { " · \($0)" } ?? "")
            if let until = state.rateLimitedUntil, until > state.now {
                text += " · rate limited by the Admin API: waiting \(Int((until - state.now).rounded(.up))) s"
            } else {
                text += " · other work waits"
            }
            buffer.put(text, row: flashRow, column: 1, style: .accent, limit: buffer.width - 2)
        } else if let flash = state.flash {
            let (prefix, style): (String, CellStyle) =
                switch flash.kind {
                case .success: ("✓ ", .ok)
                case .info: ("", .plain)
                case .error: ("✗ error: ", .error)
                }
            buffer.put(
                prefix + CellBuffer.sanitized(flash.text), row: flashRow, column: 1, style: style,
                limit: buffer.width - 2)
        }
        switch state.mode {
        case .filter(let text):
            drawInputLine("/", text, hint: "Enter keep · Esc clear", row: footerRow, into: &buffer)
        case .command(let text):
            drawInputLine(":", text, hint: "Tab complete · Enter run · Esc cancel", row: footerRow, into: &buffer)
        case .reason(_, let text):
            drawInputLine("reason: ", text, hint: "Enter dismiss · Esc keep", row: footerRow, into: &buffer)
        case .normal:
            var x = 0
            let hints = Keymap.hints(for: state.tab)
            for binding in hints {
                let disabled = state.readOnly && binding.action.isMutating
                let keyText = binding.keys[0].label
                let label = binding.hint ?? ""
                let needed = DisplayWidth.of(keyText) + DisplayWidth.of(label) + 2
                if x + needed > buffer.width { break }
                x += buffer.put(
                    keyText, row: footerRow, column: x, style: disabled ? .muted : CellStyle(tone: .accent, bold: true))
                x += buffer.put(" " + label, row: footerRow, column: x, style: disabled ? CellStyle(dim: true) : .plain)
                x += 1
            }
        }
    }

    /// The `/` or `:` input line: prompt, text, cursor, and the keys that end it on the right.
    private static func drawInputLine(
        _ prompt: String, _ text: String, hint: String, row: Int, into buffer: inout CellBuffer
    ) {
        let x = buffer.put(prompt, row: row, column: 0, style: .accent)
        let end = x + buffer.put(CellBuffer.sanitized(text), row: row, column: x)
        buffer.put("█", row: row, column: end)
        buffer.put(hint, row: row, column: buffer.width - DisplayWidth.of(hint) - 1, style: .muted)
    }
}
