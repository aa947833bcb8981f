import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// Marks and bulk actions in the real console (tmux): on `scimify demo`, and on a store the SCIM server and
/// the CLI share, where Claude, SCIM, the mirror and the audit log must agree afterwards.
@Suite(.serialized, .timeLimit(.minutes(5))) struct ConsoleBulkEndToEndTests {
    /// The flow on the demo: mark two pending invites with Space, X, y: both cancelled on the simulator.
    @Test func markTwoPendingInvitesAndCancelBoth() async throws {
        let demo = try await ConsoleEndToEndTests.Demo.start()
        let console = demo.console
        defer { Task { await console.stop() } }
        let emails = ["new.hire1@acme.example", "new.hire2@acme.example"]
        for email in emails { #expect(try await demo.pendingInvites(email).count == 1) }
        try await console.send("2", "/")
        try await console.type("new.hire")
        try await console.send("Enter")
        try await console.waitFor("filter: new.hire (2/")
        try await console.send("Space", "Space")
        try await console.waitFor("2 Invites · 2 marked")
        try await console.send("X")
        let dialog = try await console.waitFor("Cancel invites: 2 pending invites?")
        #expect(dialog.contains("new.hire1@acme.example") && dialog.contains("new.hire2@acme.example"))
        #expect(dialog.contains("[ Cancel ]"), "Cancel is the default")
        try await console.send("y")
        let results = try await console.waitFor("Cancel invites: results", seconds: 15)
        #expect(results.contains("2 done, 0 skipped, 0 failed"))
        for email in emails { #expect(try await demo.pendingInvites(email).isEmpty, "\(email) is still invited") }
        try await console.send("q")
        try await console.waitForAbsence("2 marked")
        try await demo.quit()
    }

    /// Marks across two filters (one protected owner among them), D, the result list, then u re-invites
    /// both with their old roles; every item audited with its batch's id.
    @Test func bulkRemovalSkipsTheProtectedAdminAndUndoReinvitesEach() async throws {
        try await OneTruthWorld.run { world in
            let organization = world.sim.simulator.organization
            let (avaEmail, liamEmail) = ("ava.davis@acme.example", "liam.brown@acme.example")
            let ava = try #require(await organization.member(email: avaEmail))
            let liam = try #require(await organization.member(email: liamEmail))
            let console = try await TmuxConsole(["console", "--db", world.fixture.path], environment: ["USER": "ops"])
            defer { Task { await console.stop() } }
            try await console.waitFor("Members 41 · Invites 9")
            try await console.send("/")
            try await console.type("av")
            try await console.send("Enter", "*")
            try await console.waitFor("1 Members · 2 marked")
            try await console.send("Escape", "/")
            try await console.type("liam.brown")
            try await console.send("Enter")
            // Once the keys are read, the dialog knows neither holds one (it asks while they are being read).
            try await console.waitFor("API keys created: none")
            try await console.send("Space", "D")
            let dialog = try await console.waitFor("Remove members: 2 members?")
            #expect(dialog.contains("None of them created an active API key."))
            #expect(dialog.contains("Skipped, not changed: avery.admin@acme.example (admin: admins and owners"))
            try await console.send("y")
            try await console.waitFor("Remove members: results", seconds: 15)
            #expect(await organization.member(email: avaEmail) == nil)
            #expect(await organization.member(email: liamEmail) == nil)
            #expect(await organization.member(email: SimulatorSeed.adminEmail) != nil)
            try await console.send("q", "u")
            try await console.waitFor("Undo removals: 2 people?")
            try await console.send("y")
            try await console.waitFor("Undo removals: results", seconds: 15)
            #expect(await world.pending(avaEmail).map(\.role) == [ava.role])
            #expect(await world.pending(liamEmail).map(\.role) == [liam.role])

            let removals = try world.audit().filter { $0.action == "member.delete" }
            let invites = try world.audit().filter {
                $0.action == "invite.create" && [avaEmail, liamEmail].contains($0.targetEmail)
            }
            #expect(removals.count == 2 && Set(removals.compactMap(\.batchID)).count == 1)
            #expect(invites.count == 2 && Set(invites.compactMap(\.batchID)).count == 1)
            #expect(removals.first?.batchID != invites.first?.batchID)
            let batch = try #require(removals.first?.batchID)
            let listed = try await world.run("audit", "--batch", batch, "--json")
            #expect(listed.lines.count == 2, "\(listed.stdout)")
            try await world.expectConsistent()
        }
    }

    /// Going live from dry-run as a triage flow: Problems filtered to drift, `*`, `t`, y applies the whole plan.
    @Test func goingLiveAppliesThePlanWithStarAndRetry() async throws {
        try await OneTruthWorld.run(mode: .dryRun) { world in
            let emails = ["golive1@acme.example", "golive2@acme.example", "golive3@acme.example"]
            for (index, email) in emails.enumerated() {
                _ = try await world.scimCreate(email, role: index == 0 ? "developer" : "user")
            }
            #expect(await world.sim.simulator.traffic.writeCount() == 0)
            #expect(try await world.run("instances", "set-mode", "acme", "enforce").status == 0)
            let console = try await TmuxConsole(["console", "--db", world.fixture.path], environment: ["USER": "ops"])
            defer { Task { await console.stop() } }
            try await console.waitFor("3 Problems (3)")
            try await console.send("3", "/")
            try await console.type("drift")
            try await console.send("Enter", "*", "t")
            try await console.waitFor("Retry problems: 3 problems?")
            try await console.send("y")
            let results = try await console.waitFor("Retry problems: results", seconds: 15)
            #expect(results.contains("3 done, 0 skipped, 0 failed"), "\(results)")
            #expect(await world.pending(emails[0]).map(\.role) == ["developer"])
            #expect(await world.pending(emails[1]).map(\.role) == ["user"])
            #expect(await world.pending(emails[2]).map(\.role) == ["user"])
            try await console.send("q")
            try await console.waitForAbsence("3 Problems (")
            let retries = try world.audit().filter { $0.action == "problem.retry" }
            #expect(
                retries.count == 3 && Set(retries.compactMap(\.batchID)).count == 1
                    && retries.allSatisfy { $0.actor == "console:ops" })
            try await world.expectConsistent()
        }
    }
}
