import ScimifyCore

/// The Problems view's actions on the selection: retry, approve and dismiss (with a one-line reason).
extension ProblemsView {
    static func retry(_ state: inout ConsoleState) {
        guard let problem = state.problems.selected else { return }
        if problem.kind == .heldRemoval {
            ConsoleReducer.refuse("a held removal is approved (a) or dismissed (x), not retried", &state)
            return
        }
        state.modal = .confirm(
            Confirmation(
                title: "Retry the \(problem.kind.words) problem of \(problem.email)?",
                consequence: "Scimify applies it through the provisioning core now: \(problem.remedy).",
                confirmLabel: "Retry", effect: .retryProblem(id: problem.id), destructive: false))
    }

    static func approve(_ state: inout ConsoleState) {
        guard let problem = state.problems.selected else { return }
        guard problem.kind == .heldRemoval else {
            ConsoleReducer.refuse(
                "only a removal held by the guard is approved; this is \(problem.kind.words): retry (t) or dismiss (x)",
                &state)
            return
        }
        state.modal = .confirm(
            Confirmation(
                title: "Approve the removal of \(problem.email)?",
                consequence:
                    "The IdP asked to remove them and the guard held it. Approving removes them from the Claude "
                    + "organization now (a member loses access at once; a pending invite is cancelled).",
                confirmLabel: "Approve removal", effect: .approveProblem(id: problem.id), destructive: true))
    }

    static func dismiss(_ state: inout ConsoleState) {
        let marked = state.problems.markedRows
        if !marked.isEmpty {
            state.mode = .reason(problemIDs: marked.map(\.id), text: "")
            return
        }
        guard let problem = state.problems.selected else { return }
        state.mode = .reason(problemIDs: [problem.id], text: "")
    }
}
