import ScimifyCore

/// The result list of a bulk action: one entry per row (outcome, person, request-id, what was done or why
/// not; not run after a stop), under a title with the counts and the batch id. Each sentence wraps under its
/// column (on a narrow terminal, on the lines under the person), and the list scrolls.
enum BulkReportView {
    /// Room for an Anthropic request-id (`req_` and 24 characters).
    static let requestIDWidth = 28
    /// Columns of the outcome mark and of the email.
    static let markWidth = 10
    static let emailWidth = 32

    /// One piece of a drawn line: its column inside the box, its text and style.
    typealias Piece = (column: Int, text: String, style: CellStyle)

    static func boxWidth(_ width: Int) -> Int { min(130, width - 2) }

    /// The summary line(s) above the list.
    static func header(_ report: BulkReport, width: Int) -> [TableCell] {
        TextWrap.lines(
            "\(report.summary) · batch \(report.batchID) (scimify audit --batch \(report.batchID))",
            width: boxWidth(width) - 4
        ).map { TableCell($0, .bold) }
    }

    /// Every result as drawn lines, the sentence wrapped.
    static func rows(_ report: BulkReport, width: Int) -> [[Piece]] {
        let inner = boxWidth(width) - 4
        let sentenceColumn = markWidth + emailWidth + 1 + requestIDWidth + 1
        let beside = inner - sentenceColumn >= 24
        return report.results.flatMap { result -> [[Piece]] in
            let (mark, style): (String, CellStyle) =
                switch result.outcome {
                case .done: ("✓ done", .ok)
                case .skipped: ("– skipped", .muted)
                case .failed: ("✗ failed", .error)
                case .notRun: ("· not run", .pending)
                }
            let textStyle: CellStyle = result.outcome == .failed ? .error : .plain
            var first: [Piece] = [
                (0, mark, style),
                (markWidth, DisplayWidth.pad(CellBuffer.sanitized(result.email), to: emailWidth), .plain),
                // The request-id before the sentence, so it is never the part that wraps away.
                (markWidth + emailWidth + 1, CellBuffer.sanitized(result.requestID ?? "—"), .muted),
            ]
            let column = beside ? sentenceColumn : markWidth
            let sentence = TextWrap.lines(result.detail, width: inner - column)
            var lines: [[Piece]] = []
            if beside, let head = sentence.first {
                first.append((column, head, textStyle))
                lines = [first] + sentence.dropFirst().map { [(column, $0, textStyle)] }
            } else {
                lines = [first] + sentence.filter { !$0.isEmpty }.map { [(column, $0, textStyle)] }
            }
            return lines
        }
    }

    /// Lines of the list shown at once.
    static func page(_ count: Int, _ state: ConsoleState) -> Int {
        ScrolledBox.page(count, height: state.height, header: 1)
    }

    static func draw(_ report: BulkReport, scroll: Int, into buffer: inout CellBuffer) {
        let rows = rows(report, width: buffer.width)
        ScrolledBox.draw(
            rows.count, title: "\(report.action.title): results",
            titleStyle: CellStyle(tone: report.count(.failed) > 0 ? .error : .ok, bold: true),
            width: boxWidth(buffer.width), scroll: scroll, closing: "any other key closes",
            header: header(report, width: buffer.width), into: &buffer
        ) { index, y, x, width, buffer in
            for piece in rows[index] {
                buffer.put(
                    piece.text, row: y, column: x + piece.column, style: piece.style, limit: width - piece.column)
            }
        }
    }
}
