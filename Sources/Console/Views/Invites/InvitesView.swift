import Foundation
import ScimifyCore

/// The Invites view: the organization's invites in the local copy with their status and expiry, and the
/// keys that change a pending invite's role (`e`, a cancel and re-invite), cancel it (`X`) and re-invite (`R`).
enum InvitesView: ConsoleView {
    static let tab = ConsoleTab.invites
    static let title = "Invites"
    static let shortTitle = "Inv"
    static let summary = "invites"

    static let columns: [TableColumn<Invite>] = [
        .init("EMAIL", width: nil) { .text($0.email) },
        .init("ROLE", width: 16) { .text($0.role.rawValue) },
        .init("STATUS", width: 9) { .text($0.status.rawValue) },
        .init("INVITED", width: 10) { .number($0.invitedAt.timeIntervalSince1970) },
        .init("EXPIRES", width: 20) { .number($0.expiresAt.timeIntervalSince1970) },
    ]

    static let searchText: @Sendable (Invite) -> String = { "\($0.email) \($0.role.rawValue) \($0.status.rawValue)" }

    static var table: (any ViewTable)? {
        TableSlot(
            path: \.invites, takesMarks: true, sortable: true,
            empty: { $0.loaded ? "no invites in the local copy: press U to refresh users" : "loading…" },
            cells: cells, copy: { $0.email })
    }

    static let bindings: [KeyBinding] = [
        .editRole(in: tab),
        binding(
            [.character("X")], .cancelInvite, hint: "cancel", help: "cancel the pending invite (confirmed)"),
        binding(
            [.character("R")], .reinvite, hint: "re-invite",
            help: "re-invite an expired or cancelled invite with its role (confirmed)"),
        .undoRemoval(in: tab),
    ]

    static func cells(_ state: ConsoleState) -> (Invite) -> [TableCell] {
        { invite in
            let status = ConsoleFormat.status(invite, state)
            let expiry = ConsoleFormat.expiry(invite, state)
            return [
                TableCell(invite.email),
                TableCell(invite.role.rawValue),
                TableCell(status.text, status.style),
                TableCell(ConsoleFormat.day(invite.invitedAt)),
                TableCell(expiry.text, expiry.style),
            ]
        }
    }

    static func detail(_ state: ConsoleState, capacity: Int) -> (String, [TableCell]) {
        guard let invite = state.invites.selected else { return ("Detail", []) }
        let expiry = ConsoleFormat.expiry(invite, state)
        return (
            "Invite",
            [
                TableCell(invite.email, .bold),
                TableCell("role \(invite.role) · status \(ConsoleFormat.status(invite, state).text) · id \(invite.id)"),
                TableCell(
                    "invited \(ConsoleFormat.time(invite.invitedAt)) UTC · expires \(ConsoleFormat.time(invite.expiresAt)) UTC"
                ),
                TableCell(expiry.text, expiry.style),
            ]
        )
    }

    static func bulkJob(for action: ConsoleAction, _ state: ConsoleState) -> BulkJob? {
        switch action {
        case .cancelInvite: BulkPlanner.cancel(state.invites.markedRows, at: state.date)
        case .reinvite: BulkPlanner.reinvite(state.invites.markedRows, at: state.date)
        default: nil
        }
    }

    static func reduce(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect]? {
        switch action {
        case .editRole where state.invites.markCount > 0:
            let current = state.invites.markedRows.first?.role ?? .default
            state.modal = .rolePicker(
                RolePicker(
                    email: "\(state.invites.markCount) marked", current: current, isInvite: true,
                    marked: state.invites.markCount))
        case .editRole: editRole(&state)
        case .cancelInvite: cancel(&state)
        case .reinvite: reinvite(&state)
        default: return nil
        }
        return []
    }

    private static func editRole(_ state: inout ConsoleState) {
        guard let invite = state.invites.selected else { return }
        guard invite.isOpen(at: state.date) else {
            ConsoleReducer.refuse(
                "only a pending invite's role can change; this one is \(invite.statusWord(at: state.date)) (R re-invites)",
                &state)
            return
        }
        state.modal = .rolePicker(
            RolePicker(
                email: invite.email, current: invite.role, isInvite: true,
                seen: .pendingInvite(id: invite.id, role: invite.role)))
    }

    private static func cancel(_ state: inout ConsoleState) {
        guard let invite = state.invites.selected else { return }
        guard invite.isOpen(at: state.date) else {
            ConsoleReducer.refuse(
                "this invite is \(invite.statusWord(at: state.date)); only pending invites can be cancelled", &state)
            return
        }
        state.modal = .confirm(
            Confirmation(
                title: "Cancel the pending invite of \(invite.email) (\(invite.role))?",
                consequence: "The invite link stops working. R re-invites later.",
                confirmLabel: "Cancel invite",
                effect: .cancelInvite(email: invite.email, expecting: .pendingInvite(id: invite.id, role: invite.role)),
                destructive: true))
    }

    private static func reinvite(_ state: inout ConsoleState) {
        guard let invite = state.invites.selected else { return }
        if invite.isOpen(at: state.date) {
            ConsoleReducer.info("\(invite.email) already has a pending invite", &state)
            return
        }
        if invite.status == .accepted {
            ConsoleReducer.info("\(invite.email) accepted this invite and is a member", &state)
            return
        }
        let role = invite.role.isProvisionable ? invite.role : .default
        state.modal = .confirm(
            Confirmation(
                title: "Re-invite \(invite.email) as \(role)?",
                consequence: "A new invite, valid for 21 days, is sent by email.",
                confirmLabel: "Re-invite", effect: .invite(email: invite.email, role: role), destructive: false))
    }
}
