import Foundation
import ScimifyCore

/// The Audit view: the instance's audit log, newest first, following new rows while it is at the top.
enum AuditView: ConsoleView {
    static let tab = ConsoleTab.audit
    static let title = "Audit"
    static let shortTitle = "Audit"
    static let summary = "audit log"

    static let columns: [TableColumn<AuditEvent>] = [
        .init("TIME", width: 19) { .number($0.at.timeIntervalSince1970 + Double($0.id ?? 0) * 1e-9) },
        .init("ACTOR", width: 18) { .text($0.actor) },
        .init("ACTION", width: 18) { .text($0.action) },
        .init("TARGET", width: nil) { .text($0.targetEmail ?? "") },
        .init("OUTCOME", width: 8) { .text($0.outcome.rawValue) },
    ]

    static let searchText: @Sendable (AuditEvent) -> String = {
        "\($0.actor) \($0.action) \($0.targetEmail ?? "") \($0.outcome.rawValue) \($0.detail)"
    }

    static var table: (any ViewTable)? {
        TableSlot(
            path: \.audit, empty: { _ in "no audit events yet" }, cells: { _ in cells }, rowsOf: { $0.audit },
            followsNewest: true)
    }

    static func cells(_ event: AuditEvent) -> [TableCell] {
        [
            TableCell(ConsoleFormat.time(event.at)),
            TableCell(event.actor),
            TableCell(event.action),
            TableCell(event.targetEmail ?? "—"),
            TableCell(event.outcome.rawValue, ConsoleFormat.outcomeStyle(event.outcome)),
        ]
    }

    static func detail(_ state: ConsoleState, capacity: Int) -> (String, [TableCell]) {
        guard let event = state.audit.selected else { return ("Detail", []) }
        var lines = [
            TableCell(
                "\(ConsoleFormat.time(event.at)) UTC · \(event.actor) · \(event.action) · \(event.outcome.rawValue)",
                ConsoleFormat.outcomeStyle(event.outcome)),
            TableCell("target \(event.targetEmail ?? "—") · instance \(event.instanceSlug ?? "—")"),
            TableCell(
                "request-ids: " + (event.requestIDs.isEmpty ? "none" : event.requestIDs.joined(separator: ", "))
                    + (event.idpRequestID.map { " · IdP request \($0)" } ?? "")
                    + (event.batchID.map { " · batch \($0)" } ?? "")),
        ]
        if !event.detail.isEmpty {
            lines.append(TableCell(event.detail, event.outcome == .failed ? .error : .plain))
        }
        return ("Audit event", lines)
    }
}
