import ScimifyCore

/// The readiness report with its GO / NO-GO verdict.
enum ReadinessView {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer, row: Int, height: Int) {
        guard let report = state.readiness, let instance = state.instance else {
            let text =
                state.busy != nil ? "checking readiness against the Admin API…" : "press r to run the readiness checks"
            buffer.put(text, row: row + 1, column: 2, style: .muted)
            return
        }
        let lines = report.textLines(instance: instance)
        let verdict = lines.last ?? ""
        buffer.put(
            verdict, row: row, column: 1, style: report.isGo ? CellStyle(tone: .ok, bold: true) : .error,
            limit: buffer.width - 2)
        let body = Array(lines.dropLast())
        let start = min(state.readinessScroll, max(0, body.count - (height - 2)))
        for (index, line) in body.dropFirst(start).prefix(height - 2).enumerated() {
            let style: CellStyle =
                line.contains("FAILED") || line.contains("REFUSED")
                ? .error
                : line.contains("(!)") || line.hasPrefix("warning")
                    ? .pending
                    : line.hasPrefix("  ") ? .plain : .bold
            buffer.put(
                CellBuffer.sanitized(line), row: row + 2 + index, column: 2, style: style, limit: buffer.width - 3)
        }
    }
}
