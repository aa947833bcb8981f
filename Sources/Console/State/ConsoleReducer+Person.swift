import ScimifyCore

/// Going to a person from any view (`o`), and the reason line of a dismissal.
extension ConsoleReducer {
    /// `o`: shows the person in Members (or their newest invite in Invites), selected.
    static func goToPerson(_ person: String?, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let person else { return [] }
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
