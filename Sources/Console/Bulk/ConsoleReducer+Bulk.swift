import ScimifyCore

/// Marks (Space, `*`, Esc) and the bulk actions on marked rows: the confirmation (a typed count above
/// ``bulkTypedCountThreshold`` rows), progress, stop, the result list and undo of a bulk removal.
extension ConsoleReducer {
    /// Above this many rows the operator types the count to confirm.
    public static let bulkTypedCountThreshold = 10
    /// People the confirmation names before "and N more".
    static let namedInConfirmation = 5

    static func toggleMark(_ state: inout ConsoleState) {
        guard state.supportsMarks else { return }
        state.toggleMarkOnSelection()
        state.moveSelection(by: 1)
    }

    static func markAll(_ state: inout ConsoleState) {
        guard state.supportsMarks else { return }
        let added = state.markAllVisible()
        info("\(added) more marked; \(state.markCount) marked in all (Esc clears the marks)", &state)
    }

    /// Esc in the table: stop a running bulk action, else close the filter, else clear the marks.
    static func escape(_ state: inout ConsoleState) -> [ConsoleEffect] {
        if var run = state.bulk {
            guard !run.stopping else { return [] }
            run.stopping = true
            state.bulk = run
            info("stopping after the change in flight…", &state)
            return [.stopBulk]
        }
        if !state.currentFilter.isEmpty {
            state.applyFilter("")
        } else if state.markCount > 0 {
            let count = state.markCount
            state.clearMarksOfView()
            info("\(count) mark\(count == 1 ? "" : "s") cleared", &state)
        }
        return []
    }

    /// The bulk job the key `action` makes of the current view's marks; `nil` when nothing is marked here.
    static func bulkJob(for action: ConsoleAction, _ state: ConsoleState) -> BulkJob? {
        guard state.markCount > 0 else { return nil }
        return state.tab.view.bulkJob(for: action, state)
    }

    /// The role picked for the marked rows (of Invites when `isInvite`, else of Members): plan the change of
    /// each and ask for confirmation.
    static func bulkRoleChosen(_ role: ClaudeRole, isInvite: Bool, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let job =
            isInvite
            ? BulkPlanner.changeRole(state.invites.markedRows, to: role, at: state.date)
            : BulkPlanner.changeRole(state.members.markedRows, to: role)
        confirm(job, &state)
        return []
    }

    /// `x` with marks: after the reason, dismiss every marked problem with it.
    static func bulkDismiss(_ ids: [String], reason: String, _ state: inout ConsoleState) {
        let wanted = Set(ids)
        confirm(BulkPlanner.dismiss(state.problems.rows.filter { wanted.contains($0.id) }, reason: reason), &state)
    }

    /// `u` after a bulk removal: re-invite each with the old role.
    static func undoBulkRemoval(_ state: inout ConsoleState) {
        confirm(BulkPlanner.undo(state.lastRemovals), &state)
    }

    /// Opens the confirmation of a bulk job: the action, the count, up to five people, who is skipped and
    /// why, and the consequence. Default Cancel; above the threshold the count must be typed.
    static func confirm(_ job: BulkJob, _ state: inout ConsoleState) {
        guard !job.items.isEmpty else {
            let reasons = job.skipped.prefix(3).map { "\($0.email): \($0.detail)" }.joined(separator: "; ")
            refuse("nothing to do: all \(job.skipped.count) marked rows are skipped (\(reasons))", &state)
            return
        }
        let count = job.items.count
        let people =
            job.items.prefix(namedInConfirmation).map(\.email).joined(separator: ", ")
            + (count > namedInConfirmation ? " and \(count - namedInConfirmation) more" : "")
        var consequence = people + ". " + consequenceText(job.action)
        if !job.skipped.isEmpty {
            let named = job.skipped.prefix(namedInConfirmation).map { "\($0.email) (\($0.detail))" }.joined(
                separator: ", ")
            let more =
                job.skipped.count > namedInConfirmation ? " and \(job.skipped.count - namedInConfirmation) more" : ""
            consequence += " Skipped, not changed: \(named)\(more)."
        }
        let typed = count > bulkTypedCountThreshold ? count : nil
        var choices = [Confirmation.Choice(label: job.action.title, key: "y", effect: .bulk(job))]
        if job.action == .removeMembers {
            let ids = Set(job.items.map(\.rowID))
            let keys = RemovalKeyQuestion(
                removing: state.members.rows.map(\.member).filter { ids.contains($0.id) }, state.holdings)
            if !keys.note.isEmpty { consequence += " " + keys.note }
            if keys.asks { choices = removalChoices(job) }
        }
        if typed != nil { consequence += " Type \(count) to confirm." }
        state.modal = .confirm(
            Confirmation(
                title: "\(job.action.title): \(count) \(noun(job.action, count))?", consequence: consequence,
                choices: choices, destructive: job.action.isDestructive, requiredCount: typed))
    }

    /// *Remove and deactivate keys* (each item's active keys set inactive before its removal) or *remove only*.
    private static func removalChoices(_ job: BulkJob) -> [Confirmation.Choice] {
        var withKeys = job
        withKeys.action = .removeMembersAndKeys
        withKeys.items = job.items.map { item in
            var item = item
            if case .removeMember(let email, let seen) = item.effect {
                item.effect = .removeMemberAndKeys(email: email, expecting: seen)
            }
            return item
        }
        return [
            .init(label: "Remove and deactivate keys", key: "d", effect: .bulk(withKeys)),
            .init(label: "Remove only", key: "o", effect: .bulk(job)),
        ]
    }

    private static func noun(_ action: BulkJob.Action, _ count: Int) -> String {
        let plural = count == 1 ? "" : "s"
        switch action {
        case .cancelInvites: return "pending invite\(plural)"
        case .reinvite, .undoRemovals: return count == 1 ? "person" : "people"
        case .removeMembers, .removeMembersAndKeys: return "member\(plural)"
        case .approveRemovals: return "held removal\(plural)"
        case .dismissProblems, .retryProblems: return "problem\(plural)"
        case .changeRole: return "row\(plural)"
        case .setKeyStatus: return "API key\(plural)"
        }
    }

    private static func consequenceText(_ action: BulkJob.Action) -> String {
        switch action {
        case .changeRole: "Members change at once; each pending invite is cancelled and sent again with the new role."
        case .cancelInvites: "Their invite links stop working. R re-invites later."
        case .reinvite: "Each gets a new invite, valid for 21 days, by email."
        case .removeMembers, .removeMembersAndKeys:
            "They lose access to Claude at once. u re-invites them all with their old roles afterwards."
        case .approveRemovals: "The IdP asked to remove them and the guard held it: they are removed from Claude now."
        case .dismissProblems(let reason): "Things stay as they are; the audit log records the reason \"\(reason)\"."
        case .retryProblems: "Each person's problem is applied again through the provisioning core."
        case .undoRemovals: "Each is invited again with the role they had; they rejoin when they accept."
        case .setKeyStatus(let status):
            status == .inactive
                ? "Requests with them fail at once; R sets them active again. Scimify never archives a key."
                : "Requests with them work again at once."
        }
    }

    /// A bulk action's progress: `12/40` on the busy line.
    static func bulkProgressed(done: Int, total: Int, current: String?, _ state: inout ConsoleState) {
        guard let run = state.bulk else { return }
        let stop = run.stopping ? "stopping after the change in flight" : "Esc stops after the current item"
        state.busy?.progress = "\(done)/\(total)" + (current.map { " · \($0)" } ?? "") + " · \(stop)"
    }

    /// The end of a bulk action: the result list, done rows unmarked (failed and not-run rows stay marked to
    /// try again), removals remembered for `u`.
    static func bulkFinished(_ report: BulkReport, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let tab = state.bulk?.tab ?? state.tab
        state.busy = nil
        state.bulk = nil
        let settled = Set(report.results.filter { $0.outcome == .done || $0.outcome == .skipped }.map(\.rowID))
        tab.view.table?.clearMarks(&state, settled)
        let removed = report.results.compactMap(\.removed)
        if !removed.isEmpty { state.lastRemovals = removed }
        let line = "\(report.action.title): \(report.summary) · batch \(report.batchID)"
        if report.count(.failed) > 0 { refuse(line, &state) } else { success(line, &state) }
        state.modal = .bulkReport(report, scroll: 0)
        return [.load] + readHoldings(&state)
    }

    /// Keys on a typed-count confirmation: digits, Backspace, Enter (only with the right count), Esc. With
    /// several ways to go ahead, ←→ Tab choose the button (Cancel first) and each choice's letter takes it,
    /// both only with the right count.
    static func handleTypedCount(
        _ key: Key, _ confirmation: inout Confirmation, _ required: Int, _ state: inout ConsoleState
    )
        -> [ConsoleEffect]
    {
        let several = confirmation.choices.count > 1
        var chosen: Confirmation.Choice?
        switch key {
        case .escape, .character("q"), .character("n"), .character("N"):
            state.modal = nil
            info("cancelled; nothing changed", &state)
            return []
        case .character(let c) where c.isASCII && c.isNumber:
            if confirmation.typed.count < 9 { confirmation.typed.append(c) }
            confirmation.error = nil
        case .backspace, .delete:
            if !confirmation.typed.isEmpty { confirmation.typed.removeLast() }
        case .left, .right, .tab, .backTab:
            if several { moveFocus(key, &confirmation) }
        case .enter:
            if several, confirmation.focus == 0 {
                state.modal = nil
                info("cancelled; nothing changed", &state)
                return []
            }
            chosen = confirmation.choices[max(0, confirmation.focus - 1)]
        case .character(let c) where several:
            if let choice = confirmation.choice(for: c) {
                chosen = choice
            } else if c == "y" || c == "Y" {
                confirmation.error = ambiguity(confirmation)
            }
        default: break
        }
        if let chosen {
            guard confirmation.typed == String(required) else {
                confirmation.error =
                    confirmation.typed.isEmpty
                    ? "type \(required) to confirm, or Esc to cancel"
                    : "\(confirmation.typed) is not \(required): nothing changed; type \(required) or Esc"
                confirmation.typed = ""
                state.modal = .confirm(confirmation)
                return []
            }
            state.modal = nil
            return go(chosen, &state)
        }
        state.modal = .confirm(confirmation)
        return []
    }

    /// Keys on the result list: scroll with j/k/arrows/pages, anything else closes it.
    static func handleReport(_ key: Key, _ report: BulkReport, _ scroll: Int, _ state: inout ConsoleState) {
        let rows = BulkReportView.rows(report, width: state.width)
        let page = BulkReportView.page(rows.count, state)
        guard let step = ScrollKey.step(key, page: page) else {
            state.modal = nil
            return
        }
        state.modal = .bulkReport(report, scroll: ScrollKey.moved(scroll, by: step, count: rows.count, page: page))
    }
}
