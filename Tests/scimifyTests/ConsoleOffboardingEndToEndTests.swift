import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// Offboarding in the real console (tmux) on a store the SCIM server and the CLI share (issue 12): the member
/// detail shows a person's workspaces and keys, and the remove dialog, single and bulk, stops the keys or
/// leaves them as chosen. Claude, SCIM, the mirror and the audit log agree afterwards.
@Suite(.serialized, .timeLimit(.minutes(5))) struct ConsoleOffboardingEndToEndTests {
    /// Every key of the simulated organization by name: its status.
    static func statuses(_ world: OneTruthWorld) async throws -> [String: String] {
        let keys = try await world.sim.client().listAPIKeys().value
        return Dictionary(keys.map { ($0.name, $0.status.rawValue) }, uniquingKeysWith: { a, _ in a })
    }

    static func openConsole(_ world: OneTruthWorld, filter: String) async throws -> TmuxConsole {
        let console = try await TmuxConsole(["console", "--db", world.fixture.path], environment: ["USER": "ops"])
        try await console.waitFor("Members 41 · Invites 9")
        try await console.send("/")
        try await console.type(filter)
        try await console.send("Enter")
        // The removal dialog names the keys only once they are read; on a loaded machine that can come after
        // the filter, so wait for the detail's holdings line before any test presses D.
        try await console.waitFor("API keys created", seconds: 15)
        return console
    }

    /// Jane's detail lists her workspaces and keys; D names the legacy key that would outlive her; d sets both
    /// her active keys inactive (audited first) and removes her; nobody else's key changes.
    @Test func removeAndDeactivateFromTheMemberDetail() async throws {
        try await OneTruthWorld.run { world in
            let before = try await Self.statuses(world)
            let console = try await Self.openConsole(world, filter: "jane.smith")
            defer { Task { await console.stop() } }
            let detail = try await console.waitFor("⚠ ci-deploy")
            #expect(detail.contains("workspaces: Production (workspace_developer) · Research (workspace_user)"))
            #expect(detail.contains("API keys created: 2 · 2 active · 1 keeps working after a removal (⚠)"))
            #expect(detail.contains("jane-laptop") && detail.contains("sk-ant-api03-"))
            try await console.send("D")
            let dialog = try await console.waitFor("Remove and deactivate keys (d)")
            #expect(dialog.contains("[ Cancel ]") && dialog.contains("Remove only (o)"))
            #expect(dialog.contains("working after the removal: ci-deploy (Production)"))
            try await console.send("d")
            try await console.waitFor("set 2 key(s) of jane.smith@acme.example inactive", seconds: 15)
            try await console.send("q")

            let after = try await Self.statuses(world)
            #expect(after["jane-laptop"] == "inactive" && after["ci-deploy"] == "inactive")
            let others = after.filter { !["jane-laptop", "ci-deploy"].contains($0.key) }
            #expect(others == before.filter { !["jane-laptop", "ci-deploy"].contains($0.key) })
            #expect(try await world.sim.client().findMember(email: "jane.smith@acme.example").value == nil)
            let audit = try world.audit("jane.smith@acme.example")
            let keyRows = audit.filter { $0.action == "api_key.deactivate" }
            let removal = try #require(audit.first { $0.action == "member.delete" })
            #expect(keyRows.count == 2 && keyRows.allSatisfy { $0.actor == "console:ops" && $0.outcome == .ok })
            #expect(keyRows.allSatisfy { ($0.id ?? 0) < (removal.id ?? 0) }, "keys stopped before the removal")
            // Each row names its key by id and redacted hint (the API never gives the secret).
            let janesKeys = try await world.sim.client().listAPIKeys().value.filter {
                ["jane-laptop", "ci-deploy"].contains($0.name)
            }
            for key in janesKeys {
                let hint = try #require(key.hint)
                #expect(keyRows.contains { $0.detail.contains(key.id) && $0.detail.contains(hint) }, "\(key.name)")
            }
            try await world.expectConsistent()
        }
    }

    /// Two marked members, D, o (remove only): both removed, José's legacy key left active, which the orphan
    /// list then shows beside the departed user's; Chloé had none.
    @Test func bulkRemoveOnlyLeavesTheKeysAsOrphans() async throws {
        try await OneTruthWorld.run { world in
            let before = try await Self.statuses(world)
            let console = try await Self.openConsole(world, filter: "jose.garcia")
            defer { Task { await console.stop() } }
            try await console.send("Space", "Escape", "/")
            try await console.type("chloe.dubois")
            try await console.send("Enter", "Space", "D")
            let dialog = try await console.waitFor("Remove members: 2 members?")
            #expect(dialog.contains("research-batch (Research, jose.garcia@acme.example)"), "\(dialog)")
            try await console.send("o")
            let results = try await console.waitFor("Remove members: results", seconds: 15)
            #expect(results.contains("2 done, 0 skipped, 0 failed"))
            try await console.send("q", "q")

            #expect(try await Self.statuses(world) == before, "remove only changes no key")
            for email in ["jose.garcia@acme.example", "chloe.dubois@acme.example"] {
                #expect(try await world.sim.client().findMember(email: email).value == nil)
            }
            #expect(!(try world.audit()).contains { $0.action == "api_key.deactivate" })
            let orphans = try await world.run("keys", "list", "--orphaned", "--status", "active")
            #expect(orphans.status == 0, "\(orphans.stderr)")
            #expect(orphans.stdout.contains("research-batch") && orphans.stdout.contains("old-pipeline"))
            #expect(!orphans.stdout.contains("ci-deploy"), "Jane is still a member")
            try await world.expectConsistent()
        }
    }

    /// The Keys view (7) finds the departed user's active key by `/orphaned`; X y stops it (audited about the
    /// key); the orphan list and readiness then have nothing left to warn about.
    @Test func theKeysViewStopsAnActiveOrphan() async throws {
        try await OneTruthWorld.run { world in
            let before = try await Self.statuses(world)
            #expect(before["old-pipeline"] == "active")
            let readiness = try await world.run("readiness")
            #expect(readiness.stdout.contains("old-pipeline"), "readiness warns of it first")
            let console = try await TmuxConsole(["console", "--db", world.fixture.path], environment: ["USER": "ops"])
            defer { Task { await console.stop() } }
            try await console.waitFor("Members 41 · Invites 9")
            try await console.send("7")
            try await console.waitFor("old-pipeline")
            try await console.send("/")
            try await console.type("orphaned")
            try await console.send("Enter")
            let listed = try await console.waitFor("filter: orphaned (1/7)")
            #expect(listed.contains("⚠ yes") && listed.contains("left · \(SimulatorSeed.departedUserID)"))
            try await console.send("X")
            try await console.waitFor("Deactivate the API key old-pipeline")
            try await console.send("y")
            try await console.waitFor("set old-pipeline (", seconds: 15)
            try await console.send("q")

            let after = try await Self.statuses(world)
            #expect(after["old-pipeline"] == "inactive")
            #expect(after.filter { $0.key != "old-pipeline" } == before.filter { $0.key != "old-pipeline" })
            let row = try #require(try world.audit().first { $0.action == "api_key.deactivate" })
            #expect(
                row.actor == "console:ops" && row.outcome == .ok && row.targetEmail == nil && !row.requestIDs.isEmpty)
            #expect(
                row.detail.contains("old-pipeline")
                    && row.detail.contains("created by \(SimulatorSeed.departedUserID) (no longer a member)"))
            let orphans = try await world.run("keys", "list", "--orphaned", "--status", "active")
            #expect(!orphans.stdout.contains("old-pipeline"), "\(orphans.stdout)")
            #expect(!(try await world.run("readiness")).stdout.contains("old-pipeline"))
            try await world.expectConsistent()
        }
    }
}
