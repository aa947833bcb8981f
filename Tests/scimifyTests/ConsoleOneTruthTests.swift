import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// The console in tmux on a store that `scimify serve` (here, the SCIM server in this process) and the CLI
/// also write: it shows their changes without a key, and never acts on a row that is no longer true.
@Suite(.serialized, .timeLimit(.minutes(5))) struct ConsoleOneTruthTests {
    /// Live console: an IdP push through SCIM appears within 2 s, selection kept, no key pressed.
    @Test func scimPushesAppearWithoutAKeyAndKeepTheSelection() async throws {
        try await OneTruthWorld.run { world in
            let console = try await TmuxConsole(["console", "--db", world.fixture.path], environment: ["USER": "ops"])
            defer { Task { await console.stop() } }
            try await console.waitFor("Members 41 · Invites 9")
            try await console.send("j", "j")
            try await console.waitFor("3/41")
            _ = try await world.scimCreate("live.push@acme.example", role: "developer")
            try await console.waitFor("Members 41 · Invites 10", seconds: 2.5)
            let members = try await console.screen()
            #expect(members.contains("3/41"), "the selection stays where it was")
            try await console.send("2")
            try await console.waitFor("live.push@acme.example")
            try await console.send("/")
            try await console.type("live.push")
            try await console.send("Enter")
            try await console.waitFor("filter: live.push (1/")
            let cli = try await world.run("set-role", "live.push@acme.example", "billing")
            #expect(cli.status == 0)
            // The CLI's re-invite shows within 2 s: the billing invite pending, the developer one cancelled.
            let deadline = ContinuousClock.now + .milliseconds(2500)
            var rows: [Substring] = []
            while ContinuousClock.now < deadline {
                rows = try await console.screen().split(separator: "\n").filter {
                    $0.contains("live.push@acme.example")
                }
                if rows.contains(where: { $0.contains("billing") && $0.contains("pending") }) { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(rows.contains { $0.contains("billing") && $0.contains("pending") }, "\(rows)")
            #expect(rows.contains { $0.contains("developer") && $0.contains("cancelled") }, "\(rows)")
            try await world.expectConsistent()
        }
    }

    /// A row changed in Claude since it was shown: cancelling it is refused ("changed since you looked") and
    /// the person's live invite of another role is untouched.
    @Test func actingOnAStaleRowIsRefusedAndTouchesNothing() async throws {
        try await OneTruthWorld.run { world in
            let email = "new.hire1@acme.example"
            let console = try await TmuxConsole(["console", "--db", world.fixture.path], environment: ["USER": "ops"])
            defer { Task { await console.stop() } }
            try await console.waitFor("Members 41 · Invites 9")
            try await console.send("2", "/")
            try await console.type("new.hire1")
            try await console.send("Enter")
            try await console.waitFor("new.hire1@acme.example")
            // Someone changes the invite directly in Claude (no audit row, so the console cannot know).
            let organization = world.sim.simulator.organization
            let old = try #require(await organization.pendingInvites(email: email).first)
            try await organization.expireInvite(id: old.id)
            let live = await organization.addInvite(email: email, role: "billing")
            try await console.send("X")
            try await console.waitFor("Cancel the pending invite of new.hire1@acme.example (user)?")
            try await console.send("y")
            try await console.waitFor("changed since you looked")
            #expect(await world.pending(email).map(\.id) == [live])
            let refused = try #require(try world.audit(email).first)
            #expect(refused.outcome == .refused && refused.actor == "console:ops")
        }
    }

    /// Instance switching: Enter on the Instances view opens another stored instance, with its own colour.
    @Test func enterOnInstancesOpensAnotherInstance() async throws {
        try await OneTruthWorld.run { world in
            let second = try world.sim.adminKey.withSecret {
                try world.fixture.database.addInstance(
                    name: "Beta Org", apiBaseURL: world.sim.baseURL, apiKey: $0, mode: .dryRun)
            }
            try world.fixture.database.changeSetting(
                .headerColor(.red), of: second.instance, actor: "cli:test", at: Date())
            let console = try await TmuxConsole(
                ["console", "--db", world.fixture.path, "--instance", "acme"], environment: ["USER": "ops"])
            defer { Task { await console.stop() } }
            try await console.waitFor("Members 41")
            try await console.send("6", "j", "Enter")
            // The Instances view's detail names Beta Org before the switch; the header names it after.
            let switched = try await console.waitFor("Scimify │ Beta Org (beta-org)")
            #expect(switched.contains("dry-run"))
            // An instance that never had a mirror is refreshed before the console shows it (issue 21, defect 1).
            #expect(switched.contains("Members 41") && switched.contains("refreshed"), "\(switched)")
            #expect(!switched.contains("never refreshed"))
            try await console.send(":")
            try await console.type("instance acme")
            try await console.send("Enter")
            try await console.waitFor("Members 41")
        }
    }
}
