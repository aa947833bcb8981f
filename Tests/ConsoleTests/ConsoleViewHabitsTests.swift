import Foundation
import ScimifyCore
import Testing

@testable import Console

/// Habits from k9s and lazygit the views keep: a dry-run badge as loud as read-only, and an Audit view that
/// follows new rows while it is at the top.
@Suite struct ConsoleViewHabitsTests {
    static func event(_ id: Int64, _ email: String) -> AuditEvent {
        AuditEvent(
            id: id, at: ConsoleFixtures.now + Double(id), instanceID: 1, instanceSlug: "acme", actor: "scim:acme",
            action: "scim.create", targetEmail: email, outcome: .ok, detail: "invited as user")
    }

    static func snapshot(audit count: Int64) -> ConsoleSnapshot {
        var snapshot = ConsoleFixtures.snapshot
        snapshot.audit = (1...count).reversed().map { event($0, "person\($0)@acme.example") }
        return snapshot
    }

    @Test func aDryRunInstanceShowsABadge() {
        var state = ConsoleState(width: 100, height: 30, readOnly: false, now: ConsoleFixtures.now)
        var snapshot = ConsoleFixtures.snapshot
        snapshot.instance?.mode = .dryRun
        _ = ConsoleReducer.reduce(&state, .loaded(snapshot))
        let header = ConsoleScreen.render(state).text(row: 0)
        #expect(header.contains(" DRY-RUN "), "\(header)")
        #expect(!ConsoleScreen.render(ConsoleFixtures.state()).text(row: 0).contains("DRY-RUN"))
    }

    @Test func theAuditViewFollowsNewRowsWhileAtTheTop() {
        var state = ConsoleState(width: 100, height: 30, readOnly: false, now: ConsoleFixtures.now)
        _ = ConsoleReducer.reduce(&state, .loaded(Self.snapshot(audit: 3)))
        state.press(.character("4"))
        #expect(state.audit.selected?.targetEmail == "person3@acme.example", "it opens on the newest row")
        _ = ConsoleReducer.reduce(&state, .loaded(Self.snapshot(audit: 5)))
        #expect(state.audit.selected?.targetEmail == "person5@acme.example", "at the top it follows the newest")
        state.press(.character("j"))
        #expect(state.audit.selected?.targetEmail == "person4@acme.example")
        _ = ConsoleReducer.reduce(&state, .loaded(Self.snapshot(audit: 7)))
        #expect(state.audit.selected?.targetEmail == "person4@acme.example", "scrolled down, it stays on its row")
    }

    @Test func anInstanceJustAddedIsSelected() {
        var state = ConsoleFixtures.state()
        state.press(.character("6"))
        var beta = ConsoleFixtures.instance
        beta.id = 2
        beta.slug = "beta"
        beta.name = "Beta"
        _ = ConsoleReducer.reduce(
            &state, .instanceActionFinished(message: "added beta", failure: nil, notice: nil, added: "beta"))
        var snapshot = ConsoleFixtures.snapshot
        snapshot.instances = [ConsoleFixtures.instance, beta]
        _ = ConsoleReducer.reduce(&state, .loaded(snapshot))
        #expect(state.instances.selected?.slug == "beta")
        _ = ConsoleReducer.reduce(&state, .loaded(snapshot))
        state.press(.character("k"))
        _ = ConsoleReducer.reduce(&state, .loaded(snapshot))
        #expect(state.instances.selected?.slug == "acme", "only once: a later load keeps the operator's choice")
    }

    @Test func aStoreWithNoInstanceOpensOnTheAddForm() {
        var state = ConsoleState(width: 100, height: 30, readOnly: false, now: ConsoleFixtures.now)
        _ = ConsoleReducer.reduce(&state, .loaded(ConsoleSnapshot(instance: nil)))
        #expect(state.tab == .instances)
        guard case .addInstance = state.modal else {
            Issue.record("no add form")
            return
        }
        state.press(.escape)
        _ = ConsoleReducer.reduce(&state, .loaded(ConsoleSnapshot(instance: nil)))
        #expect(state.modal == nil && state.tab == .instances, "only on the first load: Esc keeps it closed")
    }
}
