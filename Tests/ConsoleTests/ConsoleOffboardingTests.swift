import Foundation
import ScimifyCore
import Testing

@testable import Console

/// What a person holds, in the console (issue 12): the member detail lists their workspaces and the keys they
/// created; the remove dialog, single and bulk, names the keys that keep working after the removal and offers
/// *remove and deactivate keys* / *remove only* / Cancel, Cancel focused.
@Suite struct ConsoleOffboardingTests {
    static let jane = ExpectedState.member(id: "user_jane", role: .developer)

    static func confirmation(_ state: ConsoleState) -> Console.Confirmation? {
        if case .confirm(let confirmation) = state.modal { return confirmation }
        return nil
    }

    static func loaded() -> ConsoleState { ConsoleFixtures.state(holdings: .loaded(ConsoleFixtures.holdings)) }

    @Test func theMemberDetailListsWorkspacesWithRolesAndTheKeysCreated() {
        var state = Self.loaded()
        state.press(.character("j"))  // Jane
        let frame = ConsoleScreen.render(state)
        #expect(state.detailHeight == 12 && state.tableHeight == 13)
        #expect(frame.text(row: 16).hasPrefix("┌─ Member ─"))
        #expect(frame.text(row: 17).hasPrefix("│ Jane Smith <jane.smith@acme.example>"))
        #expect(
            frame.text(row: 20).hasPrefix(
                "│ workspaces: Production (workspace_developer) · Old Prototype (archived, workspace_user)"))
        #expect(frame.text(row: 21).hasPrefix("│ API keys created: 3 · 2 active · 1 keeps working after a removal (⚠)"))
        // Newest first: name, status, workspace, hint, created, expires; the surviving key marked ⚠. A line
        // wider than the pane wraps its last cells under it instead of cutting them.
        #expect(
            frame.text(row: 22).hasPrefix(
                "│   jane-laptop          active   Default      sk-ant-api03-jan...9QaA  created 2026-05-23"))
        #expect(frame.text(row: 23).hasPrefix("│   never "))
        #expect(frame.text(row: 24).hasPrefix("│ ⚠ ci-deploy            active   Production   sk-ant-api03-ci-...9QaA"))
        #expect(frame.text(row: 26).hasPrefix("│   jane-old             inactive Default"))
        #expect(frame[24, 2].style == .pending && frame[26, 4].style == .muted)
        // Someone without keys or workspaces says so.
        state.press(.character("j"), .character("j"), .character("j"))  // Zoë
        let zoe = ConsoleScreen.render(state).text
        #expect(zoe.contains("workspaces: none") && zoe.contains("API keys created: none"))
    }

    /// A pane too short for every key says there is more and scrolls to it with J (K back); nothing is
    /// summarised away.
    @Test func aNarrowPaneScrollsToEveryKey() {
        var state = ConsoleFixtures.state(height: 24, holdings: .loaded(ConsoleFixtures.holdings))
        state.press(.character("j"))
        #expect(state.detailHeight == 9)
        let text = ConsoleScreen.render(state).text
        #expect(text.contains("jane-laptop") && !text.contains("jane-old"))
        #expect(text.contains(" J ↓ more ") && !text.contains("K ↑"))
        state.press(.character("J"))
        let scrolled = ConsoleScreen.render(state).text
        #expect(scrolled.contains("jane-old") && scrolled.contains(" K ↑ "), "\(scrolled)")
        state.press(.character("K"))
        #expect(state.detailScroll == 0)
        state.press(.character("J"), .character("j"))
        #expect(state.detailScroll == 0, "moving the selection puts the pane back to its top")
    }

    @Test func theListingIsReadOnceInTheBackgroundAndAgainAfterAChange() {
        var state = ConsoleState(width: 100, height: 30, readOnly: true, now: ConsoleFixtures.now)
        #expect(ConsoleReducer.reduce(&state, .loaded(ConsoleFixtures.snapshot)) == [.loadHoldings])
        #expect(state.holdings == .loading)
        #expect(ConsoleReducer.reduce(&state, .loaded(ConsoleFixtures.snapshot)).isEmpty, "one read in flight")
        state.press(.character("j"))
        #expect(ConsoleScreen.render(state).text.contains("workspaces and API keys: reading them from the Admin API…"))
        // An answer for an instance the console has left is dropped.
        _ = ConsoleReducer.reduce(&state, .holdingsLoaded(slug: "other", .loaded(ConsoleFixtures.holdings)))
        #expect(state.holdings == .loading)
        _ = ConsoleReducer.reduce(&state, .holdingsLoaded(slug: "acme", .loaded(ConsoleFixtures.holdings)))
        #expect(state.holdings == .loaded(ConsoleFixtures.holdings))
        // A finished change and `r` read it again; a failed re-read keeps the listing shown.
        #expect(ConsoleReducer.reduce(&state, .changeFinished(ChangeReport(summary: "ok"))) == [.load, .loadHoldings])
        _ = ConsoleReducer.reduce(&state, .holdingsLoaded(slug: "acme", .failed("the Admin API is unavailable")))
        #expect(state.holdings == .loaded(ConsoleFixtures.holdings))
        #expect(state.press(.character("r")) == [.load, .loadHoldings])
        // A first read that fails says why; an organization without key endpoints is never asked again.
        var failed = ConsoleFixtures.state(holdings: .failed("the Admin API is unavailable (HTTP 503)"))
        failed.press(.character("j"))
        #expect(
            ConsoleScreen.render(failed).text.contains(
                "workspaces and API keys could not be read: the Admin API is unavailable (HTTP 503)"))
        var enterprise = ConsoleFixtures.state()
        #expect(enterprise.press(.character("r")) == [.load])
        #expect(enterprise.detailHeight == 7)
    }

    @Test func removeNamesTheSurvivingKeysAndOffersThreeWaysCancelFirst() throws {
        var state = Self.loaded()
        state.press(.character("j"), .character("D"))
        let confirmation = try #require(Self.confirmation(state))
        #expect(confirmation.choices.map(\.label) == ["Remove and deactivate keys", "Remove only"])
        #expect(
            confirmation.consequence
                == "They lose access to Claude at once. 1 active API key they created keeps working after the "
                + "removal: ci-deploy (Production). Remove and deactivate sets all 2 active keys inactive first "
                + "(reversible); remove only leaves them. u re-invites them as developer afterwards.")
        #expect(confirmation.focus == 0)
        let text = ConsoleScreen.render(state).text
        #expect(text.contains("[ Cancel ]    Remove and deactivate keys (d)      Remove only (o)"))
        #expect(state.press(.enter).isEmpty && state.modal == nil, "Enter alone cancels")
        // y is ambiguous with two ways to go ahead: refused in the dialog, which stays open.
        state.press(.character("D"))
        #expect(state.press(.character("y")).isEmpty)
        #expect(Self.confirmation(state)?.error?.hasPrefix("y is ambiguous here: d remove and deactivate keys") == true)
        #expect(ConsoleScreen.render(state).text.contains("✗ y is ambiguous here"))
        #expect(
            state.press(.character("d")) == [
                .removeMemberAndKeys(email: "jane.smith@acme.example", expecting: Self.jane)
            ]
        )
        _ = ConsoleReducer.reduce(&state, .changeFinished(ChangeReport(summary: "done")))
        state.press(.character("D"))
        #expect(state.press(.character("o")) == [.removeMember(email: "jane.smith@acme.example", expecting: Self.jane)])
        _ = ConsoleReducer.reduce(&state, .changeFinished(ChangeReport(summary: "done")))
        // The buttons by focus: → → Enter is remove only; ← from Cancel wraps to it too.
        state.press(.character("D"), .right)
        #expect(state.press(.enter) == [.removeMemberAndKeys(email: "jane.smith@acme.example", expecting: Self.jane)])
        _ = ConsoleReducer.reduce(&state, .changeFinished(ChangeReport(summary: "done")))
        state.press(.character("D"), .left)
        #expect(state.press(.enter) == [.removeMember(email: "jane.smith@acme.example", expecting: Self.jane)])
    }

    @Test func whatTheDialogSaysForEachKindOfHolder() throws {
        var state = Self.loaded()
        state.press(.character("j"), .character("j"), .character("D"))  // Mallory: one personal key
        var confirmation = try #require(Self.confirmation(state))
        #expect(confirmation.choices.count == 2)
        #expect(confirmation.consequence.contains("1 active personal API key they created stops with the removal."))
        state.press(.escape, .character("j"), .character("j"), .character("D"))  // Zoë: none
        confirmation = try #require(Self.confirmation(state))
        #expect(confirmation.choices.map(\.label) == ["Remove"])
        #expect(confirmation.consequence.contains("They created no active API key."))
        // Still reading: the dialog asks, since the deactivation reads the keys again before acting.
        var reading = ConsoleFixtures.state(holdings: .loading)
        reading.press(.character("j"), .character("D"))
        confirmation = try #require(Self.confirmation(reading))
        #expect(confirmation.choices.count == 2 && confirmation.consequence.contains("still being read"))
        // An organization without key endpoints: the plain dialog.
        var enterprise = ConsoleFixtures.state()
        enterprise.press(.character("j"), .character("D"))
        confirmation = try #require(Self.confirmation(enterprise))
        #expect(confirmation.choices.map(\.key) == ["y"] && !confirmation.consequence.contains("API key"))
    }

    @Test func bulkRemovalNamesEachPersonsSurvivingKeysAndCanDeactivateThem() throws {
        var state = Self.loaded()
        state.press(.character(" "), .character(" "), .character(" "))  // avery (protected), jane, mallory
        state.press(.character("D"))
        let confirmation = try #require(Self.confirmation(state))
        #expect(
            confirmation.consequence.contains(
                "1 active API key they created keeps working after the removal: ci-deploy (Production, "
                    + "jane.smith@acme.example). Remove and deactivate sets all 3 active keys inactive first"))
        let effects = state.press(.character("d"))
        guard case .bulk(let job) = effects.first else {
            Issue.record("no bulk job: \(effects)")
            return
        }
        #expect(job.action == .removeMembersAndKeys && job.action.isDestructive)
        #expect(
            job.items.map(\.effect) == [
                .removeMemberAndKeys(email: "jane.smith@acme.example", expecting: Self.jane),
                .removeMemberAndKeys(email: "mallory@acme.example", expecting: .member(id: "user_evil", role: .user)),
            ])
        #expect(job.skipped.map(\.email) == ["avery.admin@acme.example"])
    }

    /// Above ten rows the count is typed first; the choice then comes from its letter or the focused button.
    @Test func aLargeBulkRemovalNeedsTheCountAndAChoice() throws {
        var snapshot = ConsoleFixtures.snapshot
        snapshot.members = (1...12).map {
            Member(
                id: "user_\($0)", email: "p\($0)@acme.example", name: "P \($0)", role: .user,
                addedAt: ConsoleFixtures.now)
        }
        var state = ConsoleState(width: 100, height: 30, readOnly: false, now: ConsoleFixtures.now)
        _ = ConsoleReducer.reduce(&state, .loaded(snapshot))
        var holdings = ConsoleFixtures.holdings
        holdings.keys = [ConsoleFixtures.key("apikey_p1", "p1-ci", by: "user_1", .none, workspace: "wrkspc_prod")]
        _ = ConsoleReducer.reduce(&state, .holdingsLoaded(slug: "acme", .loaded(holdings)))
        state.press(.character("*"), .character("D"))
        var confirmation = try #require(Self.confirmation(state))
        #expect(confirmation.requiredCount == 12 && confirmation.choices.count == 2)
        #expect(state.press(.character("d")).isEmpty)
        confirmation = try #require(Self.confirmation(state))
        #expect(confirmation.error == "type 12 to confirm, or Esc to cancel")
        state.type("12")
        #expect(ConsoleScreen.render(state).text.contains("then d remove and deactivate keys · o remove only"))
        #expect(state.press(.enter).isEmpty && state.modal == nil, "Enter on the focused Cancel cancels")
        state.press(.character("D"))
        state.type("12")
        state.press(.tab, .tab)  // Cancel → remove and deactivate → remove only
        let effects = state.press(.enter)
        guard case .bulk(let job) = effects.first else {
            Issue.record("no bulk job: \(effects)")
            return
        }
        #expect(job.action == .removeMembers && job.items.count == 12)
    }

    /// Another process's change reads the keys again when the shown listing is older than 30 s, not on every push.
    @Test func anotherProcessesChangeRereadsAnOldListingOnly() {
        var state = Self.loaded()
        #expect(ConsoleReducer.reduce(&state, .storeChanged) == [.load], "the listing is fresh")
        _ = ConsoleReducer.reduce(&state, .tick(ConsoleFixtures.now + ConsoleReducer.holdingsFreshness))
        #expect(ConsoleReducer.reduce(&state, .storeChanged) == [.load, .loadHoldings])
        #expect(ConsoleReducer.reduce(&state, .storeChanged) == [.load], "one read in flight")
        state.press(.character("4"))
        _ = ConsoleReducer.reduce(&state, .holdingsLoaded(slug: "acme", .loaded(ConsoleFixtures.holdings)))
        #expect(ConsoleReducer.reduce(&state, .storeChanged) == [.load], "the audit view shows no keys")
    }
}
