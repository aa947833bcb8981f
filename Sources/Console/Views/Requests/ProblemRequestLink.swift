import ScimifyCore

/// A failed push's SCIM request: the logged request the problem came from, found in the Requests view's rows
/// by the Anthropic request-ids they share, else by the IdP's request-id (the newest with it: an IdP retrying
/// sends the same one again).
enum ProblemRequestLink {
    static func request(of problem: Problem, in rows: [RequestRow]) -> RequestRow? {
        let ids = Set(problem.requestIDs)
        if !ids.isEmpty, let shared = rows.first(where: { !ids.isDisjoint(with: $0.anthropicRequestIDs) }) {
            return shared
        }
        guard let idp = problem.idpRequestID else { return nil }
        return rows.first { $0.idpRequestID == idp }
    }

    /// The Problems detail's line about it.
    static func line(_ problem: Problem, _ state: ConsoleState) -> TableCell? {
        guard problem.kind == .failedPush else { return nil }
        guard let request = request(of: problem, in: state.requests.rows) else {
            return TableCell("SCIM request: not in the request log (older than its retention, or not kept)", .muted)
        }
        return TableCell(
            "SCIM request \(request.id): \(request.method) \(request.shortPath) → \(request.status) · L shows it",
            .muted)
    }

    /// `L` on Problems: the Requests view with the failed push's request selected.
    static func open(_ state: inout ConsoleState) -> Bool {
        guard let problem = state.problems.selected,
            let request = request(of: problem, in: state.requests.rows)
        else { return false }
        state.requests.setFilter("")
        state.requests.select(id: "\(request.id)")
        return true
    }
}
