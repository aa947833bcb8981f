import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyPostgres
import ScimifyStorage
import ScimifyTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The console (tmux) on the PostgreSQL store a `scimify serve` replica uses: a push through the replica shows
/// without a key, and a removal with key deactivation made in the console is seen the same way by Claude, SCIM,
/// the mirror and the audit log.
@Suite(
    .enabled(if: PostgresTestDatabase.isAvailable, "SCIMIFY_TEST_DATABASE_URL is not set"), .serialized,
    .timeLimit(.minutes(3)))
struct ConsoleOnPostgresTests {
    @Test func theConsoleSeesAReplicasPushAndItsRemovalReachesEveryPath() async throws {
        try await ReplicaWorld.run { world in
            let (replica, scim) = try await world.launchReplica()
            defer { replica.send(SIGKILL) }
            let console = try await TmuxConsole(
                ["console", "--database-url", world.databaseURL],
                environment: ["SCIMIFY_MASTER_KEY": world.masterKey, "SCIMIFY_DATABASE_URL": "", "USER": "ops"])
            defer { Task { await console.stop() } }
            try await console.waitFor("Members 41 · Invites 9")
            // A push through the replica reaches the console by itself (the store's change counter).
            _ = try await world.create("pg.console@acme.example", role: "developer", through: scim)
            try await console.waitFor("Members 41 · Invites 10")

            try await console.send("/")
            try await console.type("jane.smith")
            try await console.send("Enter")
            try await console.waitFor("⚠ ci-deploy")
            try await console.send("D")
            try await console.waitFor("Remove and deactivate keys (d)")
            try await console.send("d")
            try await console.waitFor("set 2 key(s) of jane.smith@acme.example inactive", seconds: 15)
            try await console.send("q")

            let keys = try await world.sim.client().listAPIKeys(createdByUserID: nil).value
            let janes = keys.filter { ["jane-laptop", "ci-deploy"].contains($0.name) }
            #expect(janes.count == 2 && janes.allSatisfy { $0.status == .inactive })
            #expect(
                keys.filter { $0.status == .active }.map(\.name).sorted() == [
                    "billing-export", "legacy-import", "old-pipeline", "research-batch",
                ])
            let audit = try await world.audit("jane.smith@acme.example")
            #expect(audit.filter { $0.action == "api_key.deactivate" && $0.actor == "console:ops" }.count == 2)
            #expect(audit.contains { $0.action == "member.delete" && $0.outcome == .ok })
            try await world.expectConsistent(through: scim)
        }
    }
}
