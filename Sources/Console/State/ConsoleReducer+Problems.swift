import ScimifyCore

/// The Problems view's actions: retry, approve, dismiss (with a one-line reason) and go to the person.
extension ConsoleReducer {
    static func retryProblem(_ state: inout ConsoleState) {
        guard let problem = state.problems.selected else { return }
        if problem.kind == .heldRemoval {
            refuse("a held removal is approved (a) or dismissed (x), not retried", &state)
            return
        }
        state.modal = .confirm(
            Confirmation(
                title: "Retry the \(problem.kind.words) problem of \(problem.email)?",
                consequence: "Scimify applies it through the provisioning core now: \(problem.remedy).",
                confirmLabel: "Retry", effect: .retryProblem(id: problem.id), destructive: false))
    }

    static func approveProblem(_ state: inout ConsoleState) {
        guard let problem = state.problems.selected else { return }
        guard problem.kind == .heldRemoval else {
            refuse(
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

    static func dismissProblem(_ state: inout ConsoleState) {
        let marked = state.problems.markedRows
        if !marked.isEmpty {
            state.mode = .reason(problemIDs: marked.map(\.id), text: "")
            return
        }
        guard let problem = state.problems.selected else { return }
        state.mode = .reason(problemIDs: [problem.id], text: "")
    }

    /// Shows the problem's person in Members (or Invites), selected.
    static func goToPerson(_ state: inout ConsoleState) -> [ConsoleEffect] {
        let person: String? =
            state.tab == .requests ? state.requests.selected?.person : state.problems.selected?.email
        guard let person else {
            if state.tab == .requests, state.requests.selected != nil {
                refuse("this request names no person", &state)
            }
            return []
        }
        let key = EmailAddress.key(person)
        if let row = state.members.rows.first(where: { EmailAddress.key($0.member.email) == key }) {
            state.members.setFilter("")
            state.members.select(id: row.member.id)
            return show(.members, &state)
        }
        if let invite = state.invites.rows.filter({ EmailAddress.key($0.email) == key }).max(by: {
            $0.invitedAt < $1.invitedAt
        }) {
            state.invites.setFilter("")
            state.invites.select(id: invite.id)
            return show(.invites, &state)
        }
        refuse("\(person) is neither a member nor invited in the local copy", &state)
        return []
    }

    /// The reason line of a dismissal: Enter dismisses with it (a reason is required), Esc keeps the problem.
    static func handleReason(_ key: Key, _ ids: [String], _ text: String, _ state: inout ConsoleState)
        -> [ConsoleEffect]
    {
        switch key {
        case .escape:
            state.mode = .normal
            info("not dismissed", &state)
        case .backspace, .delete:
            state.mode = .reason(problemIDs: ids, text: String(text.dropLast()))
        case .character(let c):
            if text.count < 200 { state.mode = .reason(problemIDs: ids, text: text + String(c)) }
        case .control("c"):
            return quit(&state)
        case .enter:
            let reason = text.trimmingSpaces()
            guard !reason.isEmpty else {
                refuse("type a one-line reason for the audit log, or Esc to keep the problem", &state)
                return []
            }
            state.mode = .normal
            if ids.count > 1 || state.problems.markCount > 0 {
                bulkDismiss(ids, reason: reason, &state)
                return []
            }
            return start("Dismissing the problem", .dismissProblem(id: ids[0], reason: reason), &state)
        default: break
        }
        return []
    }
}
