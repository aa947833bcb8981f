import Foundation
import ScimifyCore

/// The Problems view: what needs an operator (failed pushes, held removals, drift), with retry (`t`),
/// approve (`a`), dismiss with a reason (`x`), go to the person (`o`) and open the failed push's request (`L`).
enum ProblemsView: ConsoleView {
    static let tab = ConsoleTab.problems
    static let title = "Problems"
    static let shortTitle = "Prob"
    static let summary = "problems"

    /// How many problems wait, so the tab bar shows work from any view.
    static func badge(_ state: ConsoleState) -> String? {
        state.problems.rows.isEmpty ? nil : String(state.problems.rows.count)
    }

    static let columns: [TableColumn<Problem>] = [
        .init("KIND", width: 15) { .text($0.kind.words) },
        .init("EMAIL", width: nil) { .text($0.email) },
        .init("SINCE", width: 19) { .number($0.since.timeIntervalSince1970) },
        .init("CAUSE", width: nil) { .text($0.cause) },
    ]

    static let searchText: @Sendable (Problem) -> String = { "\($0.kind.words) \($0.email) \($0.cause)" }

    static var table: (any ViewTable)? {
        TableSlot(
            path: \.problems, takesMarks: true,
            empty: { _ in "no problems: nothing needs an operator" }, cells: { _ in cells }, copy: { $0.email })
    }

    static let bindings: [KeyBinding] = [
        binding(
            [.character("t")], .retryProblem, hint: "retry",
            help: "retry: re-apply the IdP's last word (or the refused change) through the core (confirmed)"),
        binding(
            [.character("a")], .approveProblem, hint: "approve",
            help: "approve a removal held by the guard: it is made now (confirmed)"),
        binding(
            [.character("x")], .dismissProblem, hint: "dismiss",
            help: "dismiss: keep things as they are (asks for a one-line reason)"),
        .goToPerson(in: tab),
        binding(
            [.character("L")], .openRequest,
            help: "show a failed push's SCIM request in the Requests view (what the IdP sent, what it got)"),
    ]

    static func cells(_ problem: Problem) -> [TableCell] {
        [
            TableCell(problem.kind.words, ConsoleFormat.kindStyle(problem.kind)),
            TableCell(problem.email),
            TableCell(ConsoleFormat.time(problem.since)),
            TableCell(problem.cause),
        ]
    }

    static func detail(_ state: ConsoleState, capacity: Int) -> (String, [TableCell]) {
        guard let problem = state.problems.selected else { return ("Detail", []) }
        let ids = problem.requestIDs.isEmpty ? "none" : problem.requestIDs.joined(separator: ", ")
        var lines = [
            TableCell(
                "\(problem.kind.words) · \(problem.email) · since \(ConsoleFormat.time(problem.since)) UTC",
                ConsoleFormat.kindStyle(problem.kind)),
            TableCell("cause: \(problem.cause)"),
            TableCell("remedy: \(problem.remedy)"),
            TableCell(
                "request-ids: \(ids)" + (problem.idpRequestID.map { " · IdP request \($0)" } ?? "")
                    + " · id \(problem.id)", .muted),
        ]
        if let link = ProblemRequestLink.line(problem, state) { lines.append(link) }
        return ("Problem", lines)
    }

    static func bulkJob(for action: ConsoleAction, _ state: ConsoleState) -> BulkJob? {
        switch action {
        case .approveProblem: BulkPlanner.approve(state.problems.markedRows)
        case .retryProblem: BulkPlanner.retry(state.problems.markedRows)
        default: nil
        }
    }

    static func reduce(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect]? {
        switch action {
        case .retryProblem: retry(&state)
        case .approveProblem: approve(&state)
        case .dismissProblem: dismiss(&state)
        case .goToPerson: return ConsoleReducer.goToPerson(state.problems.selected?.email, &state)
        case .openRequest:
            guard ProblemRequestLink.open(&state) else {
                ConsoleReducer.refuse("no SCIM request of this problem in the request log", &state)
                return []
            }
            return ConsoleReducer.show(.requests, &state)
        default: return nil
        }
        return []
    }
}
