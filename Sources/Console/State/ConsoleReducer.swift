import Foundation
import ScimifyCore

/// The console's logic: an event and the state give the new state and the effects to run. Pure: no I/O,
/// no clock but the one in the events, so every key's consequence is unit-tested with exact results.
public enum ConsoleReducer {
    /// How long a success message stays.
    public static let flashSeconds = 5.0
    /// How old the workspaces-and-keys listing may be before another process's change reads it again.
    public static let holdingsFreshness = 30.0

    public static func reduce(_ state: inout ConsoleState, _ event: ConsoleEvent) -> [ConsoleEffect] {
        var effects: [ConsoleEffect] = []
        switch event {
        case .key(let key):
            if state.flash?.kind == .error { state.flash = nil }
            effects = handle(key, &state)
        case .resize(let width, let height):
            state.width = width
            state.height = height
        case .tick(let date):
            state.now = date.timeIntervalSince1970
            if let expires = state.flash?.expires, expires <= state.now { state.flash = nil }
            if state.busy != nil { state.spinner &+= 1 }
            state.countPendingInvites()
        case .loaded(let snapshot):
            apply(PreparedSnapshot(snapshot, like: state), &state)
            if snapshot.preview == nil, state.holdings == .notLoaded { effects = readHoldings(&state) }
        case .prepared(let prepared):
            apply(prepared, &state)
            if prepared.snapshot.preview == nil, state.holdings == .notLoaded { effects = readHoldings(&state) }
        case .organizationIdentified(let name):
            state.organizationName = name
        case .holdingsLoaded(let slug, let load, let keys):
            guard slug == state.instance?.slug else { break }  // read for the instance the console left
            state.holdingsInFlight = false
            // A failed re-read keeps the listing already shown rather than blanking it.
            if case .failed = load, state.holdings.holdings != nil { break }
            state.holdings = load
            state.adoptKeyRows(keys?.table, builtFrom: keys?.source ?? state.currentKeyRowsSource)
        case .instanceSwitched(let organization, let failure):
            state.busy = nil
            if let failure {
                refuse("could not switch: \(failure)", &state)
            } else {
                state.organizationName = organization
                state.readiness = nil
                state.holdings = .notLoaded
                state.holdingsInFlight = false
                state.rebuildKeyRows()
                state.members.setFilter("")
                state.invites.setFilter("")
                state.problems.setFilter("")
                state.tab = .members
                success("switched instance", &state)
                effects = [.load]
            }
        case .exported(let path, let rows, let failure):
            if let failure {
                refuse("export to \(path) failed: \(failure)", &state)
            } else {
                success("exported \(rows) row\(rows == 1 ? "" : "s") to \(path)", &state)
            }
        case .storeChanged:
            // A change of ours in flight reloads when it finishes; otherwise show the other process's change now.
            if state.busy == nil { effects = [.load] }
            // Another process may have stopped keys (a SCIM removal under `deactivate`): a view showing keys reads
            // them again, at most every ``holdingsFreshness`` seconds however busy the IdP is.
            if state.tab.view.readsHoldings, let read = state.holdings.holdings?.readAt,
                state.now - read.timeIntervalSince1970 >= holdingsFreshness
            {
                effects += readHoldings(&state)
            }
        case .loadFailed(let message):
            refuse("could not read the store: \(message)", &state)
        case .changeFinished(let report):
            state.busy = nil
            if let failure = report.failure {
                refuse(failure, &state)
            } else {
                if let removed = report.removed { state.lastRemovals = [removed] }
                success(report.summary ?? "done", &state)
            }
            // A removal or a key change alters what people hold: read the listing again.
            effects = [.load] + (report.failure == nil ? readHoldings(&state) : [])
        case .refreshProgress(let progress):
            state.busy?.progress =
                "members \(progress.members.pages) pages, \(progress.members.rows) rows · invites \(progress.invites.pages) pages, \(progress.invites.rows) rows"
        case .refreshPreviewed(let summary, let failure):
            state.busy = nil
            if let failure {
                refuse("refresh users failed: \(failure)", &state)
            } else {
                state.modal = .confirm(
                    Confirmation(
                        title: "Import this into the local copy?",
                        consequence: (summary ?? "")
                            + ". Nothing changes in the Claude organization: the local copy and "
                            + "the SCIM records are updated.",
                        confirmLabel: "Import", effect: .refreshUsers, destructive: false))
            }
        case .refreshFinished(let summary, let details, let failure):
            state.busy = nil
            if let failure {
                refuse("refresh users failed: \(failure)", &state)
            } else {
                success("refresh users: \(summary ?? "done")", &state)
                if !details.isEmpty, state.modal == nil {
                    state.modal = .notice(title: "Refresh users: what changed", lines: details)
                }
            }
            effects = [.load] + readHoldings(&state)
        case .bulkProgress(let done, let total, let current):
            bulkProgressed(done: done, total: total, current: current, &state)
        case .bulkFinished(let report):
            effects = bulkFinished(report, &state)
        case .rateLimitWait(let until):
            state.rateLimitedUntil = until?.timeIntervalSince1970
        case .readinessFinished(let report, let failure):
            state.busy = nil
            if let report { state.readiness = report }
            if let failure { refuse("readiness check failed: \(failure)", &state) }
        case .instanceActionFinished(let message, let failure, let notice, let added):
            state.followInstance = added
            state.busy = nil
            if let failure {
                refuse(failure, &state)
            } else if let message {
                success(message, &state)
            }
            if let notice { state.modal = .notice(title: "Shown once: copy it now", lines: notice) }
            effects = [.load]
        }
        state.keepSelectionVisible()
        return effects
    }

    static func success(_ text: String, _ state: inout ConsoleState) {
        state.flash = Flash(text: text, kind: .success, expires: state.now + flashSeconds)
        remember("ok", text, &state)
    }

    static func info(_ text: String, _ state: inout ConsoleState) {
        state.flash = Flash(text: text, kind: .info, expires: state.now + flashSeconds)
        remember("  ", text, &state)
    }

    static func refuse(_ text: String, _ state: inout ConsoleState) {
        state.flash = Flash(text: text, kind: .error, expires: nil)
        remember("✗ ", text, &state)
    }

    /// Keeps the session's messages for `:messages` (an error stays readable after the next key).
    private static func remember(_ mark: String, _ text: String, _ state: inout ConsoleState) {
        state.messages.append("\(ConsoleFormat.clock(state.date)) \(mark) \(text)")
        if state.messages.count > ConsoleState.maximumMessages { state.messages.removeFirst() }
    }

    private static func apply(_ prepared: PreparedSnapshot, _ state: inout ConsoleState) {
        let snapshot = prepared.snapshot
        let firstLoad = !state.loaded
        state.loaded = true
        state.instance = snapshot.instance
        state.applyInstanceSettings()
        // A store with no instance yet (a first day): the console opens on the add form instead of exiting.
        if firstLoad, snapshot.instance == nil, snapshot.instances.isEmpty, state.modal == nil {
            state.tab = .instances
            state.modal = .addInstance(InstanceForm())
        }
        if let name = snapshot.organizationName { state.organizationName = name }
        state.lastRefresh = snapshot.lastRefresh
        if snapshot.preview == nil { state.heldRemovals = snapshot.heldRemovals }
        state.members.adopt(prepared.members)
        state.invites.adopt(prepared.invites)
        if snapshot.preview == nil { state.problems.adopt(prepared.problems) }
        state.countPendingInvites()
        state.preview = snapshot.preview
        for view in ConsoleViews.all {
            if let table = view.table, let prepared = prepared.tables[view.tab] { table.adopt(prepared, &state) }
        }
        state.membersGeneration += 1
        // Named off the UI thread with these very members (the generation just adopted).
        state.adoptKeyRows(
            prepared.keys?.table,
            builtFrom: KeyRowsSource(readAt: prepared.keys?.readAt, membersGeneration: state.membersGeneration))
        // An instance just added is selected once the load lists it.
        if let slug = state.followInstance, snapshot.instances.contains(where: { $0.slug == slug }) {
            state.followInstance = nil
            state.instances.select(id: slug)
        }
        if let email = state.followEmail.map(EmailAddress.key) {
            state.followEmail = nil
            if let member = snapshot.members.first(where: { EmailAddress.key($0.email) == email }) {
                state.members.select(id: member.id)
            }
            if let invite = snapshot.invites.first(where: {
                EmailAddress.key($0.email) == email && $0.status == .pending
            }) {
                state.invites.select(id: invite.id)
            }
        }
        if let slug = snapshot.instance?.slug, state.instances.selectedID == nil { state.instances.select(id: slug) }
    }

    private static func handle(_ key: Key, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if state.isTooSmall {
            if key == .character("q") || key == .control("c") { return quit(&state) }
            return []
        }
        if state.modal != nil { return handleModal(key, &state) }
        switch state.mode {
        case .filter(let text): return handleFilter(key, text, &state)
        case .command(let text): return handleCommand(key, text, &state)
        case .reason(let ids, let text): return handleReason(key, ids, text, &state)
        case .normal: break
        }
        switch key {
        case .click(let row, _):
            let first = 3
            let position = state.position.top + row - first
            if row >= first, row < first + state.tableHeight, position < state.position.count {
                state.selectPosition(position)
            }
            return []
        case .wheelUp:
            state.moveSelection(by: -3)
            return []
        case .wheelDown:
            state.moveSelection(by: 3)
            return []
        default: break
        }
        guard let binding = state.keymap.binding(for: key, in: state.tab) else { return [] }
        if binding.action.isMutating, state.readOnly {
            refuse("read-only: \"\(binding.help)\" is disabled (the console was started with --read-only)", &state)
            return []
        }
        return perform(binding.action, &state)
    }

    /// Reads the organization's workspaces and keys in the background, unless a read is in flight or the
    /// organization has none (Enterprise).
    static func readHoldings(_ state: inout ConsoleState) -> [ConsoleEffect] {
        guard state.instance != nil, !state.holdingsInFlight, !state.holdings.hasNoKeyEndpoints else { return [] }
        state.holdingsInFlight = true
        if state.holdings == .notLoaded { state.holdings = .loading }
        return [.loadHoldings]
    }

    /// Quits; a change in flight finishes first (the runner waits for it) and the flash says so.
    static func quit(_ state: inout ConsoleState) -> [ConsoleEffect] {
        state.quitting = true
        if let busy = state.busy {
            state.flash = Flash(text: "quitting when \(busy.label.lowercased()) finishes…", kind: .info, expires: nil)
        }
        // A bulk action stops after the changes in flight (each finished and audited), not after all of them.
        if var run = state.bulk, !run.stopping {
            run.stopping = true
            state.bulk = run
            return [.stopBulk, .quit]
        }
        return [.quit]
    }

    static func show(_ tab: ConsoleTab, _ state: inout ConsoleState) -> [ConsoleEffect] {
        state.tab = tab
        state.mode = .normal
        return tab.view.opened(&state)
    }

    /// Starts upstream work unless other work is still running.
    static func start(_ label: String, _ effect: ConsoleEffect, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if let busy = state.busy {
            refuse("wait: \(busy.label.lowercased()) is still running", &state)
            return []
        }
        state.busy = BusyWork(label: label)
        switch effect {
        case .bulk(let job):
            state.bulk = BulkRun(tab: state.tab)
            state.busy?.progress = "0/\(job.items.count) · Esc stops after the current item"
        case .updateRole(let email, _, _), .cancelInvite(let email, _), .removeMember(let email, _),
            .removeMemberAndKeys(let email, _), .invite(let email, _):
            state.followEmail = email
        default: break
        }
        return [effect]
    }
}
