import ScimifyCore

/// `D` on Members: the removal dialog, which names the API keys the person created that keep working after
/// it and, when they may hold active keys, offers *remove and deactivate those keys* / *remove only* / Cancel.
enum MemberRemovalDialog {
    static func open(_ state: inout ConsoleState) {
        guard let member = state.members.selected?.member else { return }
        if member.isProtected {
            ConsoleReducer.refuse(ConsoleReducer.protectedReason(member), &state)
            return
        }
        let organization = state.organizationName ?? state.instance?.name ?? "the organization"
        let seen = ExpectedState.member(id: member.id, role: member.role)
        let keys = RemovalKeyQuestion(removing: [member], state.holdings)
        let title = "Remove \(member.email) (\(member.name), \(member.role)) from \(organization)?"
        let consequence =
            "They lose access to Claude at once. " + (keys.note.isEmpty ? "" : keys.note + " ")
            + "u re-invites them as \(member.role) afterwards."
        guard keys.asks else {
            state.modal = .confirm(
                Confirmation(
                    title: title, consequence: consequence, confirmLabel: "Remove",
                    effect: .removeMember(email: member.email, expecting: seen), destructive: true))
            return
        }
        state.modal = .confirm(
            Confirmation(
                title: title, consequence: consequence,
                choices: [
                    .init(
                        label: "Remove and deactivate keys", key: "d",
                        effect: .removeMemberAndKeys(email: member.email, expecting: seen)),
                    .init(label: "Remove only", key: "o", effect: .removeMember(email: member.email, expecting: seen)),
                ],
                destructive: true))
    }
}
