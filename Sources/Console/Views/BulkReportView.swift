/// The result list of a bulk action: one line per row (outcome, person, request-id, what was done or why
/// not; not run after a stop), scrollable, under a title with the counts and the batch id.
enum BulkReportView {
    /// Room for an Anthropic request-id (`req_` and 24 characters).
    static let requestIDWidth = 28

    static func draw(_ report: BulkReport, scroll: Int, into buffer: inout CellBuffer) {
        let height = min(buffer.height - 2, report.results.count + 5)
        let f = DialogView.frame(
            &buffer, width: 110, height: height, title: "\(report.action.title): results",
            titleStyle: CellStyle(tone: report.count(.failed) > 0 ? .error : .ok, bold: true))
        buffer.put(
            "\(report.summary) · batch \(report.batchID) (scimify audit --batch \(report.batchID))", row: f.row + 1,
            column: f.column + 2, style: .bold, limit: f.width - 4)
        let rows = f.height - 5
        let first = max(0, min(scroll, max(0, report.results.count - rows)))
        for (line, result) in report.results.dropFirst(first).prefix(rows).enumerated() {
            let y = f.row + 2 + line
            let (mark, style): (String, CellStyle) =
                switch result.outcome {
                case .done: ("✓ done   ", .ok)
                case .skipped: ("– skipped", .muted)
                case .failed: ("✗ failed ", .error)
                case .notRun: ("· not run", .pending)
                }
            var x = f.column + 2
            x += buffer.put(mark, row: y, column: x, style: style) + 1
            buffer.putField(CellBuffer.sanitized(result.email), row: y, column: x, columns: 32)
            x += 33
            // The request-id before the sentence, so a narrow terminal cuts the sentence, not the id.
            buffer.putField(
                CellBuffer.sanitized(result.requestID ?? "—"), row: y, column: x, columns: requestIDWidth, style: .muted
            )
            x += requestIDWidth + 1
            buffer.put(
                CellBuffer.sanitized(result.detail), row: y, column: x,
                style: result.outcome == .failed ? .error : .plain,
                limit: f.column + f.width - 2 - x)
        }
        let position =
            report.results.count > rows
            ? " · \(first + 1)-\(min(report.results.count, first + rows)) of \(report.results.count)" : ""
        buffer.put(
            "↑↓ PgUp PgDn scroll · any other key closes" + position, row: f.row + f.height - 2, column: f.column + 2,
            style: .muted, limit: f.width - 4)
    }
}
