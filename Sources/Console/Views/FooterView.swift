import ScimifyCore

/// The bottom two lines: the flash (or the progress of upstream work, a rate-limit countdown first), then the
/// key hints of the current view from the keymap (`? help` and `q quit` always among them), or the `/` and `:`
/// input line. A message too long for the line ends with `… (:messages)`, where it is whole.
enum FooterView {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let flashRow = buffer.height - 2
        let footerRow = buffer.height - 1
        if case .command = state.mode, !state.completions.isEmpty {
            buffer.put(
                fitted(
                    "Tab: " + state.completions.joined(separator: "  "), width: buffer.width - 2,
                    suffix: " (type to narrow)"), row: flashRow,
                column: 1, style: .accent)
        } else if let busy = state.busy {
            let frame = ConsoleScreen.spinner[state.spinner % ConsoleScreen.spinner.count]
            // The countdown first: it is the number the operator waits on, and a long progress text is cut after it.
            var text = ""
            if let until = state.rateLimitedUntil, until > state.now {
                text = "rate limited by the Admin API: waiting \(Int((until - state.now).rounded(.up))) s · "
            }
            text += "\(frame) \(busy.label)" + (busy.progress.map { " · \($0)" } ?? "")
            if state.rateLimitedUntil.map({ $0 <= state.now }) ?? true { text += " · other work waits" }
            buffer.put(text, row: flashRow, column: 1, style: .accent, limit: buffer.width - 2)
        } else if let flash = state.flash {
            let (prefix, style): (String, CellStyle) =
                switch flash.kind {
                case .success: ("✓ ", .ok)
                case .info: ("", .plain)
                case .error: ("✗ error: ", .error)
                }
            buffer.put(
                fitted(prefix + CellBuffer.sanitized(flash.text), width: buffer.width - 2), row: flashRow, column: 1,
                style: style)
        }
        switch state.mode {
        case .filter(let text):
            drawInputLine("/", text, hint: "Enter keep · Esc clear", row: footerRow, into: &buffer)
        case .command(let text):
            drawInputLine(":", text, hint: "Tab complete · Enter run · Esc cancel", row: footerRow, into: &buffer)
        case .reason(_, let text):
            drawInputLine("reason: ", text, hint: "Enter dismiss · Esc keep", row: footerRow, into: &buffer)
        case .normal:
            // `? help` and `q quit` always stay, at the end; the view's own keys take the room before them.
            let hints = state.keymap.hints(for: state.tab)
            let kept = hints.filter { $0.action == .help || $0.action == .quit }
            let keptWidth = kept.reduce(0) { $0 + hintWidth($1) }
            var x = 0
            for binding in hints where !kept.contains(where: { $0.action == binding.action }) {
                if x + hintWidth(binding) > buffer.width - keptWidth { break }
                x = drawHint(binding, state, at: x, row: footerRow, into: &buffer)
            }
            for binding in kept { x = drawHint(binding, state, at: x, row: footerRow, into: &buffer) }
        }
    }

    /// A message as long as the line allows; a longer one ends with `… (:messages)`, where it is whole.
    static func fitted(_ text: String, width: Int) -> String {
        fitted(text, width: width, suffix: " (:messages)")
    }

    /// `text` cut to `width` columns, ending with `…` and `suffix` when something was cut.
    static func fitted(_ text: String, width: Int, suffix: String) -> String {
        guard DisplayWidth.of(text) > width else { return text }
        return DisplayWidth.truncate(text, to: max(1, width - DisplayWidth.of(suffix))) + suffix
    }

    private static func hintWidth(_ binding: KeyBinding) -> Int {
        DisplayWidth.of(binding.keys[0].label) + DisplayWidth.of(binding.hint ?? "") + 2
    }

    private static func drawHint(
        _ binding: KeyBinding, _ state: ConsoleState, at start: Int, row: Int, into buffer: inout CellBuffer
    ) -> Int {
        let disabled = state.readOnly && binding.action.isMutating
        var x = start
        x += buffer.put(
            binding.keys[0].label, row: row, column: x,
            style: disabled ? .muted : CellStyle(tone: .accent, bold: true))
        x += buffer.put(
            " " + (binding.hint ?? ""), row: row, column: x, style: disabled ? CellStyle(dim: true) : .plain)
        return x + 1
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
