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
        // The view's own keys first (its reduce), then the keys every view shares.
        if let effects = state.tab.view.reduce(action, &state) { return effects }
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
            info("reloaded from the store", &state)
            return [.load] + (state.tab.view.readsHoldings ? readHoldings(&state) : [])
        case .rerunReadiness: return start("Checking readiness", .readiness, &state)
        case .copy: return copy(&state)
        case .escape: return escape(&state)
        case .toggleMark: toggleMark(&state)
        case .markAll: markAll(&state)
        case .undoRemoval: undo(&state)
        case .refreshUsers:
            // List first, then confirm the import with its diff in front of the operator.
            return start("Listing members and invites", .previewRefresh, &state)
        case .editRole, .removeMember, .cancelInvite, .reinvite, .deactivateKey, .activateKey, .retryProblem,
            .approveProblem, .dismissProblem, .goToPerson, .openRequest, .switchInstance, .addInstance,
            .testConnection, .rotateToken:
            break  // a view's own key: its reduce handled it above in the views that bind it
        }
        return []
    }

    private static func copy(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let text = state.tab.view.table?.copyText(state) else { return [] }
        info("copied \(text) (OSC 52)", &state)
        return [.copy(text)]
    }

    static func protectedReason(_ member: Member) -> String {
        "\(member.email) is \(member.role.rawValue): admins and owners are protected; "
            + "change them in the Claude console, not through Scimify"
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
