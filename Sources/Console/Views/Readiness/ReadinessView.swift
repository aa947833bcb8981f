import ScimifyCore

/// The readiness report with its GO / NO-GO verdict; it draws itself (no table) and scrolls its report.
/// Opening it the first time runs the checks; `r` runs them again.
enum ReadinessView: ConsoleView {
    static let tab = ConsoleTab.readiness
    static let title = "Readiness"
    static let shortTitle = "Ready"
    static let summary = "readiness report"
    static var table: (any ViewTable)? { nil }

    static func detail(_ state: ConsoleState, capacity: Int) -> (String, [TableCell]) { ("Detail", []) }

    static func scroll(_ state: inout ConsoleState, to position: Int) { state.readinessScroll = max(0, position) }
    static func scrollPosition(_ state: ConsoleState) -> Int { state.readinessScroll }

    static func opened(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.readiness == nil, state.busy == nil else { return [] }
        state.busy = BusyWork(label: "Checking readiness")
        return [.readiness]
    }

    static func reduce(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect]? {
        guard action == .reload else { return nil }
        return ConsoleReducer.start("Checking readiness", .readiness, &state)
    }

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
