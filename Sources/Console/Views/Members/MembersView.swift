import Foundation
import ScimifyCore

/// The Members view: the organization's members in the local copy, who the IdP manages, and the keys that
/// edit a role (`e`), remove a member (`D`) and undo a removal (`u`), one row or every marked row.
enum MembersView: ConsoleView {
    static let tab = ConsoleTab.members
    static let title = "Members"
    static let shortTitle = "Mem"
    static let summary = "members"

    static let columns: [TableColumn<MemberRow>] = [
        .init("EMAIL", width: nil) { .text($0.member.email) },
        .init("NAME", width: nil) { .text($0.member.name) },
        .init("ROLE", width: 17) { .text($0.member.role.rawValue) },
        .init("ADDED", width: 10) { .number($0.member.addedAt.timeIntervalSince1970) },
        .init("SCIM", width: 7) { .number($0.managed ? 1 : 0) },
    ]

    /// What `/` matches.
    static let searchText: @Sendable (MemberRow) -> String = {
        "\($0.member.email) \($0.member.name) \($0.member.role.rawValue)"
    }

    static var table: (any ViewTable)? {
        TableSlot(
            path: \.members, takesMarks: true, sortable: true,
            empty: { $0.loaded ? "no members in the local copy: press U to refresh users" : "loading…" },
            cells: { _ in cells }, copy: { $0.member.email })
    }

    static let bindings: [KeyBinding] = [
        .editRole(in: tab),
        binding(
            [.character("D")], .removeMember, hint: "remove",
            help: "remove the member from the organization (confirmed)"),
        .undoRemoval(in: tab),
    ]

    static func cells(_ row: MemberRow) -> [TableCell] {
        let member = row.member
        let role = member.isProtected ? "\(member.role) (protected)" : member.role.rawValue
        return [
            TableCell(member.email),
            TableCell(member.name),
            TableCell(role, member.isProtected ? CellStyle(tone: .accent, bold: true) : .plain),
            TableCell(ConsoleFormat.day(member.addedAt)),
            row.managed ? TableCell("✓ IdP", .ok) : TableCell("no", .muted),
        ]
    }

    /// Taller once the organization's keys are being read, to list a person's workspaces and keys.
    static let readsHoldings = true

    static func wantsTallDetail(_ state: ConsoleState) -> Bool {
        switch state.holdings {
        case .loading, .loaded, .failed: true
        case .notLoaded, .unavailable: false
        }
    }

    static func detail(_ state: ConsoleState, capacity: Int) -> (String, [TableCell]) {
        guard let row = state.members.selected else { return ("Detail", []) }
        let m = row.member
        var lines = [
            TableCell("\(m.name) <\(m.email)>", .bold),
            TableCell("role \(m.role) · member since \(ConsoleFormat.time(m.addedAt)) UTC · id \(m.id)"),
            TableCell(
                row.managed
                    ? "pushed by the IdP: a SCIM request created or updated this person; the IdP controls them"
                    : "imported by refresh (or changed here), not yet claimed by the IdP",
                row.managed ? .ok : .muted),
        ]
        if m.isProtected {
            lines.append(
                TableCell(
                    "protected: \(m.role) members are never changed or removed by Scimify", CellStyle(tone: .accent)))
        }
        let holdings = MemberHoldingsLines.lines(m, state.holdings, capacity: capacity - lines.count)
        // The key hint gives its line to the holdings when there are some (the footer has the keys too).
        if !m.isProtected, holdings.isEmpty {
            lines.append(TableCell("e change role · D remove" + (state.readOnly ? " (read-only)" : ""), .muted))
        }
        return ("Member", lines + holdings)
    }

    static func bulkJob(for action: ConsoleAction, _ state: ConsoleState) -> BulkJob? {
        action == .removeMember ? BulkPlanner.remove(state.members.markedRows) : nil
    }

    static func reduce(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect]? {
        switch action {
        case .editRole where state.members.markCount > 0:
            let current = state.members.markedRows.first?.member.role ?? .default
            state.modal = .rolePicker(
                RolePicker(
                    email: "\(state.members.markCount) marked", current: current, isInvite: false,
                    marked: state.members.markCount))
        case .editRole:
            guard let member = state.members.selected?.member else { return [] }
            if member.isProtected {
                ConsoleReducer.refuse(ConsoleReducer.protectedReason(member), &state)
                return []
            }
            state.modal = .rolePicker(
                RolePicker(
                    email: member.email, current: member.role, isInvite: false,
                    seen: .member(id: member.id, role: member.role)))
        case .removeMember: MemberRemovalDialog.open(&state)
        default: return nil
        }
        return []
    }
}
