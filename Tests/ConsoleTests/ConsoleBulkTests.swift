import Foundation
import ScimifyCore
import Testing

@testable import Console

/// Bulk actions on marked rows as pure reducer and view steps: the plan (items and named skips), the
/// confirmation (default Cancel, typed count above 10), progress, stop, the result list and undo.
@Suite struct ConsoleBulkTests {
    static func job(_ effects: [ConsoleEffect]) -> BulkJob? {
        for effect in effects { if case .bulk(let job) = effect { return job } }
        return nil
    }

    static func confirmation(_ state: ConsoleState) -> Console.Confirmation? {
        if case .confirm(let confirmation) = state.modal { return confirmation }
        return nil
    }

    @Test func removingMarkedMembersSkipsAndNamesTheProtectedOne() throws {
        var state = ConsoleFixtures.state()
        state.press(.character(" "), .character(" "), .character(" "))  // avery.admin (protected), jane, mallory
        state.press(.character("D"))
        let confirmation = try #require(Self.confirmation(state))
        #expect(confirmation.title == "Remove members: 2 members?")
        #expect(confirmation.consequence.hasPrefix("jane.smith@acme.example, mallory@acme.example."))
        #expect(
            confirmation.consequence.contains(
                "Skipped, not changed: avery.admin@acme.example (admin: admins and owners are protected)"))
        #expect(confirmation.destructive && !confirmation.confirmFocused && confirmation.requiredCount == nil)
        let text = ConsoleScreen.render(state).text
        #expect(text.contains("Confirm (destructive)") && text.contains("[ Cancel ]"))
        #expect(state.press(.enter).isEmpty, "Enter alone lands on Cancel")
        #expect(state.flash?.text == "cancelled; nothing changed")

        state.press(.character("D"))
        let job = try #require(Self.job(state.press(.character("y"))))
        #expect(job.action == .removeMembers)
        #expect(
            job.items.map(\.effect) == [
                .removeMember(email: "jane.smith@acme.example", expecting: .member(id: "user_jane", role: .developer)),
                .removeMember(email: "mallory@acme.example", expecting: .member(id: "user_evil", role: .user)),
            ])
        #expect(job.skipped.map(\.email) == ["avery.admin@acme.example"])
        #expect(state.bulk == BulkRun(tab: .members))
        #expect(
            state.press(.character("q")) == [.stopBulk, .quit],
            "quitting stops the bulk action after the changes in flight")
        #expect(state.busy?.progress == "0/2 · Esc stops after the current item")
    }

    @Test func cancellingMarkedInvitesSkipsExpiredOnesThenProgressStopAndResults() throws {
        var state = ConsoleFixtures.state()
        state.press(.character("2"), .character("*"), .character("X"))
        let job = try #require(Self.job(state.press(.character("y"))))
        #expect(job.items.map(\.email).sorted() == ["new.hire@acme.example", "soon@acme.example"])
        #expect(job.skipped.map(\.detail) == ["the invite is expired; only pending invites are cancelled"])

        _ = ConsoleReducer.reduce(&state, .bulkProgress(done: 1, total: 2, current: "soon@acme.example"))
        #expect(state.busy?.progress == "1/2 · soon@acme.example · Esc stops after the current item")
        #expect(ConsoleScreen.render(state).text(row: 28).contains("Cancel invites… · 1/2 · soon@acme.example"))
        #expect(state.press(.escape) == [.stopBulk])
        #expect(state.bulk?.stopping == true)
        #expect(state.press(.escape).isEmpty, "a second Esc does not ask again")
        #expect(state.invites.marked.count == 3, "Esc while a bulk action runs stops it; the marks stay")

        let first = job.items[0]
        let second = job.items[1]
        let report = BulkReport(
            action: .cancelInvites, batchID: "b1",
            results: job.skipped + [
                BulkResult(
                    email: first.email, rowID: first.rowID, outcome: .done, detail: "invite cancelled",
                    requestID: "req_9"),
                BulkResult(
                    email: second.email, rowID: second.rowID, outcome: .notRun,
                    detail: "not started: stopped by the operator"),
            ], stopped: true)
        #expect(ConsoleReducer.reduce(&state, .bulkFinished(report)) == [.load])
        #expect(state.busy == nil && state.bulk == nil)
        #expect(
            state.invites.marked == [second.rowID], "done and skipped rows are unmarked; what did not run stays marked")
        #expect(state.flash?.text == "Cancel invites: 1 done, 1 skipped, 0 failed, 1 not run (stopped) · batch b1")
        let text = ConsoleScreen.render(state).text
        #expect(text.contains("Cancel invites: results"))
        #expect(text.contains("✓ done") && text.contains("req_9") && text.contains("invite cancelled"))
        #expect(text.contains("– skipped") && text.contains("· not run"))
        #expect(text.contains("scimify audit --batch b1"))
        state.press(.character("q"))
        #expect(state.modal == nil)
    }

    @Test func moreThanTenRowsNeedTheCountTyped() throws {
        var state = ConsoleState(width: 100, height: 30, readOnly: false, now: ConsoleFixtures.now)
        var snapshot = ConsoleFixtures.snapshot
        snapshot.invites = (0..<12).map { i in
            Invite(
                id: "inv_\(i)", email: "person\(i)@acme.example", role: .user, status: .pending,
                invitedAt: ConsoleFixtures.now - Double(i) * 60,
                expiresAt: ConsoleFixtures.now + 10 * ConsoleFixtures.day)
        }
        _ = ConsoleReducer.reduce(&state, .loaded(snapshot))
        state.press(.character("2"), .character("*"), .character("X"))
        let confirmation = try #require(Self.confirmation(state))
        #expect(confirmation.requiredCount == 12)
        #expect(confirmation.consequence.contains(" and 7 more."))
        #expect(ConsoleScreen.render(state).text.contains("Type 12 to confirm: "))
        #expect(state.press(.character("y")).isEmpty, "y alone does not confirm a large bulk action")
        state.type("13")
        #expect(state.press(.enter).isEmpty)
        #expect(Self.confirmation(state)?.error == "13 is not 12: nothing changed; type 12 or Esc")
        #expect(ConsoleScreen.render(state).text.contains("✗ 13 is not 12"))
        state.type("12")
        let job = try #require(Self.job(state.press(.enter)))
        #expect(job.items.count == 12)
    }

    @Test func editRoleOnMarkedRowsPicksOneRoleThenConfirms() throws {
        var state = ConsoleFixtures.state()
        state.press(.character("2"), .character("*"), .character("e"))
        guard case .rolePicker(let picker) = state.modal else {
            Issue.record("no picker")
            return
        }
        #expect(picker.marked == 3 && picker.email == "3 marked")
        #expect(ConsoleScreen.render(state).text.contains("Role of 3 marked"))
        state.press(.character("3"), .enter)  // the third provisionable role
        let role = ClaudeRole.provisionable[2]
        let confirmation = try #require(Self.confirmation(state))
        #expect(confirmation.title.hasPrefix("Change role to \(role):"))
        let job = try #require(Self.job(state.press(.character("y"))))
        #expect(job.items.map(\.email).sorted() == ["new.hire@acme.example", "soon@acme.example"])
        for item in job.items {
            guard case .updateRole(let email, let newRole, .pendingInvite(let id, _)?) = item.effect else {
                Issue.record("not a checked role change: \(item.effect)")
                continue
            }
            #expect(newRole == role && item.email == email && item.rowID == id)
        }
        #expect(job.skipped.contains { $0.email == "old@acme.example" && $0.detail.contains("expired") })
        #expect((job.items.map(\.email) + job.skipped.map(\.email)).count == 3)
    }

    @Test func undoAfterABulkRemovalReinvitesEachWithTheOldRole() throws {
        var state = ConsoleFixtures.state()
        let removed = [
            RemovedMember(email: "jane.smith@acme.example", role: .developer),
            RemovedMember(email: "mallory@acme.example", role: .user),
        ]
        let report = BulkReport(
            action: .removeMembers, batchID: "b2",
            results: removed.map {
                BulkResult(email: $0.email, rowID: $0.email, outcome: .done, detail: "removed", removed: $0)
            },
            stopped: false)
        _ = ConsoleReducer.reduce(&state, .bulkFinished(report))
        state.press(.character("q"), .character("u"))
        let confirmation = try #require(Self.confirmation(state))
        #expect(confirmation.title == "Undo removals: 2 people?")
        let job = try #require(Self.job(state.press(.character("y"))))
        #expect(
            job.items.map(\.effect) == [
                .invite(email: "jane.smith@acme.example", role: .developer),
                .invite(email: "mallory@acme.example", role: .user),
            ])
    }

    @Test func problemsApproveRetryAndDismissActOnMarks() throws {
        var state = ConsoleProblemsTests.state()
        state.press(.character("3"), .character("*"), .character("a"))
        let approve = try #require(Self.confirmation(state))
        #expect(approve.title == "Approve held removals: 1 held removal?")
        #expect(approve.consequence.contains("new.hire@acme.example (drift, not a held removal"))
        state.press(.escape, .character("t"))
        #expect(Self.confirmation(state)?.title == "Retry problems: 1 problem?")
        state.press(.escape, .character("x"))
        #expect(state.mode == .reason(problemIDs: ["held-1", "drift-rec"], text: ""))
        state.type("known")
        state.press(.enter)
        let job = try #require(Self.job(state.press(.character("y"))))
        #expect(job.action == .dismissProblems(reason: "known"))
        #expect(
            job.items.map(\.effect) == [
                .dismissProblem(id: "held-1", reason: "known"), .dismissProblem(id: "drift-rec", reason: "known"),
            ])
    }

    @Test func nothingToDoIsRefusedWithTheReasons() throws {
        var state = ConsoleFixtures.state()
        state.press(.character(" "), .character("D"))  // only the protected admin
        #expect(state.modal == nil)
        #expect(
            state.flash?.text.hasPrefix("nothing to do: all 1 marked rows are skipped (avery.admin@acme.example: admin")
                == true)
    }

    @Test func readOnlyRefusesBulkKeysButAllowsMarks() throws {
        var state = ConsoleFixtures.state(readOnly: true)
        state.press(.character("*"), .character("D"))
        #expect(state.members.marked.count == 5)
        #expect(state.modal == nil)
        #expect(state.flash?.text.hasPrefix("read-only") == true)
    }
}
