import ScimifyCore

/// What each keymap action does in the normal mode.
extension ConsoleReducer {
    static func perform(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect] {
        // With marks in the view, the single-row keys act on every marked row.
        if let job = bulkJob(for: action, state) {
            confirm(job, &state)
            return []
        }
        // The detail pane keeps its scroll only while the operator scrolls it.
        if action != .detailDown, action != .detailUp { state.detailScroll = 0 }
        switch action {
        case .detailDown, .detailUp:
            let page = DetailView.page(state)
            let count = DetailView.rows(state).count
            state.detailScroll = ScrollKey.moved(
                state.detailScroll, by: action == .detailDown ? max(1, page - 1) : -max(1, page - 1), count: count,
                page: page)
        case .moveDown: state.moveSelection(by: 1)
        case .moveUp: state.moveSelection(by: -1)
        case .pageDown: state.moveSelection(by: state.tableHeight)
        case .pageUp: state.moveSelection(by: -state.tableHeight)
        case .top: state.selectPosition(0)
        case .bottom: state.selectPosition(max(0, state.position.count - 1))
        case .nextView: return show(state.tab.next, &state)
        case .previousView: return show(state.tab.previous, &state)
        case .showView(let tab): return show(tab, &state)
        case .filter:
            // `/` starts a new filter (as in k9s and less); Esc in it clears, Enter keeps it.
            state.mode = .filter("")
            state.applyFilter("")
        case .command: state.mode = .command("")
        case .help: state.modal = .help(scroll: 0)
        case .quit: return quit(&state)
        case .detail: state.showDetail.toggle()
        case .sortNext: state.changeSort(step: 1)
        case .sortPrevious: state.changeSort(step: -1)
        case .sortInvert: state.changeSort(step: nil)
        case .reload:
            if state.tab == .readiness { return start("Checking readiness", .readiness, &state) }
            info("reloaded from the store", &state)
            return [.load] + ([.members, .keys].contains(state.tab) ? readHoldings(&state) : [])
        case .rerunReadiness: return start("Checking readiness", .readiness, &state)
        case .copy: return copy(&state)
        case .escape: return escape(&state)
        case .toggleMark: toggleMark(&state)
        case .markAll: markAll(&state)
        case .editRole where state.markCount > 0: pickBulkRole(&state)
        case .editRole: editRole(&state)
        case .removeMember: removeMember(&state)
        case .cancelInvite: cancelInvite(&state)
        case .reinvite: reinvite(&state)
        case .undoRemoval: undo(&state)
        case .deactivateKey: setKeyStatus(.inactive, &state)
        case .activateKey: setKeyStatus(.active, &state)
        case .refreshUsers:
            // List first, then confirm the import with its diff in front of the operator.
            return start("Listing members and invites", .previewRefresh, &state)
        case .retryProblem: retryProblem(&state)
        case .approveProblem: approveProblem(&state)
        case .dismissProblem: dismissProblem(&state)
        case .goToPerson: return goToPerson(&state)
        case .openRequest:
            guard ProblemRequestLink.open(&state) else {
                refuse("no SCIM request of this problem in the request log", &state)
                break
            }
            return show(.requests, &state)
        case .switchInstance:
            guard let slug = state.instances.selected?.slug else { break }
            return switchInstance(slug, &state)
        case .addInstance: state.modal = .addInstance(InstanceForm())
        case .testConnection:
            guard let instance = state.instances.selected else { break }
            return start("Testing \(instance.slug)", .testConnection(slug: instance.slug), &state)
        case .rotateToken:
            guard let instance = state.instances.selected else { break }
            state.modal = .confirm(
                Confirmation(
                    title: "Rotate the SCIM token of \(instance.name)?",
                    consequence: "The old token stops working at once: the IdP fails until you paste the new one, "
                        + "which is shown once.",
                    confirmLabel: "Rotate", effect: .rotateToken(slug: instance.slug), destructive: true))
        }
        return []
    }

    private static func copy(_ state: inout ConsoleState) -> [ConsoleEffect] {
        let text: String? =
            switch state.tab {
            case .members: state.members.selected?.member.email
            case .invites: state.invites.selected?.email
            case .instances: state.instances.selected?.scimBasePath
            case .problems: state.problems.selected?.email
            case .keys: state.keys.selected?.key.id
            case .requests: state.requests.selected?.person
            case .audit, .readiness: nil
            }
        guard let text else { return [] }
        info("copied \(text) (OSC 52)", &state)
        return [.copy(text)]
    }

    private static func editRole(_ state: inout ConsoleState) {
        switch state.tab {
        case .members:
            guard let member = state.members.selected?.member else { return }
            if member.isProtected {
                refuse(protectedReason(member), &state)
                return
            }
            state.modal = .rolePicker(
                RolePicker(
                    email: member.email, current: member.role, isInvite: false,
                    seen: .member(id: member.id, role: member.role)))
        case .invites:
            guard let invite = state.invites.selected else { return }
            guard invite.isOpen(at: state.date) else {
                refuse(
                    "only a pending invite's role can change; this one is \(invite.statusWord(at: state.date)) (R re-invites)",
                    &state)
                return
            }
            state.modal = .rolePicker(
                RolePicker(
                    email: invite.email, current: invite.role, isInvite: true,
                    seen: .pendingInvite(id: invite.id, role: invite.role)))
        default: return
        }
    }

    static func protectedReason(_ member: Member) -> String {
        "\(member.email) is \(member.role.rawValue): admins and owners are protected; "
            + "change them in the Claude console, not through Scimify"
    }

    /// `D`: the removal dialog, which names the API keys the person created that keep working after it and,
    /// when they may hold active keys, offers *remove and deactivate those keys* / *remove only* / Cancel.
    private static func removeMember(_ state: inout ConsoleState) {
        guard let member = state.members.selected?.member else { return }
        if member.isProtected {
            refuse(protectedReason(member), &state)
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

    private static func cancelInvite(_ state: inout ConsoleState) {
        guard let invite = state.invites.selected else { return }
        guard invite.isOpen(at: state.date) else {
            refuse("this invite is \(invite.statusWord(at: state.date)); only pending invites can be cancelled", &state)
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
            info("\(invite.email) already has a pending invite", &state)
            return
        }
        if invite.status == .accepted {
            info("\(invite.email) accepted this invite and is a member", &state)
            return
        }
        let role = invite.role.isProvisionable ? invite.role : .default
        state.modal = .confirm(
            Confirmation(
                title: "Re-invite \(invite.email) as \(role)?",
                consequence: "A new invite, valid for 21 days, is sent by email.",
                confirmLabel: "Re-invite", effect: .invite(email: invite.email, role: role), destructive: false))
    }

    /// `X` / `R` on Keys: stop the selected key, or start an inactive one again, after a confirmation naming it.
    private static func setKeyStatus(_ status: APIKey.Status, _ state: inout ConsoleState) {
        guard let row = state.keys.selected else { return }
        let key = row.key
        guard key.status == .active || key.status == .inactive else {
            refuse("\(key.name) is \(key.status.rawValue): an expired or archived key cannot change", &state)
            return
        }
        guard key.status != status else {
            info("\(key.name) is already \(status.rawValue)", &state)
            return
        }
        let stop = status == .inactive
        state.modal = .confirm(
            Confirmation(
                title: "\(stop ? "Deactivate" : "Reactivate") the API key \(key.name) (\(key.hint ?? key.id))?",
                consequence: "\(row.workspace) workspace, made by \(row.maker). "
                    + (stop
                        ? "Requests with it fail at once; R sets it active again. Scimify never archives a key."
                        : "Requests with it work again at once."),
                confirmLabel: stop ? "Deactivate" : "Reactivate",
                effect: .setKeyStatus(key, to: status, creator: row.maker), destructive: stop))
    }

    private static func undo(_ state: inout ConsoleState) {
        if state.lastRemovals.count > 1 { return undoBulkRemoval(&state) }
        guard let removed = state.lastRemovals.first else {
            info("nothing to undo: no member was removed in this session", &state)
            return
        }
        state.modal = .confirm(
            Confirmation(
                title: "Undo the removal of \(removed.email)?",
                consequence: "Re-invites them as \(removed.role); they rejoin when they accept.",
                confirmLabel: "Re-invite", effect: .invite(email: removed.email, role: removed.role), destructive: false
            ))
    }
}
