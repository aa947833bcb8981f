import Foundation
import ScimifyCore

/// The Requests view: the SCIM requests `serve` logged, newest first and live, with what arrived, what was
/// answered and the audit rows it produced; `o` goes to the person.
enum RequestsView: ConsoleView {
    static let tab = ConsoleTab.requests
    static let title = "Requests"
    static let shortTitle = "Req"
    static let summary = "SCIM requests: what the IdP sent and what serve answered"

    static var table: (any ViewTable)? {
        TableSlot(
            path: \.requests, sortable: true, empty: empty, cells: { _ in cells }, copy: { $0.person },
            rowsOf: { $0.requests }, followsNewest: true)
    }

    static let bindings: [KeyBinding] = [.goToPerson(in: tab)]

    /// A request and its answer are what the view is for: its detail pane is always the tall one.
    static func wantsTallDetail(_ state: ConsoleState) -> Bool { true }

    static func detail(_ state: ConsoleState, capacity: Int) -> (String, [TableCell]) {
        guard let row = state.requests.selected else { return ("Detail", []) }
        return ("SCIM request \(row.id)", detail(row, state))
    }

    static func reduce(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect]? {
        guard action == .goToPerson else { return nil }
        guard let row = state.requests.selected else { return [] }
        guard let person = row.person else {
            ConsoleReducer.refuse("this request names no person", &state)
            return []
        }
        return ConsoleReducer.goToPerson(person, &state)
    }

    static let columns: [TableColumn<RequestRow>] = [
        .init("TIME", width: 19) { .number(Double($0.id)) },
        .init("METHOD", width: 6) { .text($0.method) },
        .init("PATH", width: nil) { .text($0.shortPath) },
        .init("STATUS", width: 6) { .number(Double($0.status)) },
        .init("MS", width: 7) { .number($0.latencyMilliseconds) },
        .init("PERSON", width: nil) { .text($0.person ?? "") },
        .init("OUTCOME", width: 16) { .text($0.knownInstance ? $0.outcome : "unknown instance") },
    ]

    /// What `/` matches: the status and its class (`4xx`), method, path, person, outcome, problem, instance.
    static func searchText(_ row: RequestRow) -> String {
        "\(row.status) \(row.statusClass) \(row.method) \(row.path) \(row.person ?? "") \(row.outcome) "
            + "\(row.problem ?? "") \(row.instanceLabel) \(row.idpRequestID ?? "")"
    }

    static func cells(_ row: RequestRow) -> [TableCell] {
        let statusStyle: CellStyle =
            switch row.status {
            case ..<300: .ok
            case 300..<500: CellStyle(tone: .pending)
            default: .error
            }
        return [
            TableCell(ConsoleFormat.time(row.at)),
            TableCell(row.method),
            TableCell(row.shortPath),
            TableCell(String(row.status), statusStyle),
            TableCell(String(format: "%.1f", row.latencyMilliseconds), .muted),
            TableCell(row.person ?? "—"),
            row.knownInstance ? TableCell(row.outcome) : TableCell("unknown instance", .error),
        ]
    }

    static func empty(_ state: ConsoleState) -> String {
        state.loaded
            ? "no SCIM requests logged: scimify serve keeps each one here (unless started with --no-request-log)"
            : "loading…"
    }

    /// The detail: the facts, what arrived, what was answered, and the audit rows of the local copy it produced.
    static func detail(_ row: RequestRow, _ state: ConsoleState) -> [TableCell] {
        var lines = [
            TableCell(
                "\(ConsoleFormat.time(row.at)) UTC · \(row.method) \(row.path) → \(row.status) in "
                    + String(format: "%.1f", row.latencyMilliseconds) + " ms", .bold),
            TableCell(
                "instance \(row.instanceLabel) · person \(row.person ?? "—") · outcome \(row.outcome)"
                    + (row.idpRequestID.map { " · IdP request \($0)" } ?? ""), row.knownInstance ? .plain : .error),
        ]
        if let problem = row.problem { lines.append(TableCell("answered: \(problem)", .error)) }
        lines.append(TableCell("request body:", .muted))
        lines += block(row.requestBody, empty: "(none)")
        lines.append(TableCell("answer body:", .muted))
        lines += block(row.responseBody, empty: "(none)")
        let linked = linkedAudit(row, state)
        lines.append(
            TableCell(
                linked.isEmpty
                    ? "audit: no row (the request changed nothing)"
                    : "audit: "
                        + linked.map { "\($0.action) \($0.targetEmail ?? "") \($0.outcome.rawValue)" }
                        .joined(separator: " · "), .muted))
        if !row.anthropicRequestIDs.isEmpty {
            lines.append(TableCell("Anthropic request-ids: " + row.anthropicRequestIDs.joined(separator: ", ")))
        }
        lines.append(TableCell("request headers:", .muted))
        lines += block(row.requestHeaders, empty: "(none kept)")
        lines.append(TableCell("o go to person · J/K scroll this pane · :export PATH", .muted))
        return lines
    }

    /// The audit rows in the console's copy that carry one of the request's Anthropic request-ids.
    static func linkedAudit(_ row: RequestRow, _ state: ConsoleState) -> [AuditEvent] {
        let ids = Set(row.anthropicRequestIDs)
        guard !ids.isEmpty else { return [] }
        return state.audit.rows.filter { !ids.isDisjoint(with: $0.requestIDs) }
    }

    private static func block(_ text: String, empty: String) -> [TableCell] {
        guard !text.isEmpty else { return [TableCell("  " + empty, .muted)] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { TableCell("  " + String($0)) }
    }
}
