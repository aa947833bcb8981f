import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyTestSupport
import Testing

/// Settings read where they act (issue 21, defect 5): a running `serve` applies `instances set-mode` and
/// `instances set-offboarding` to the very next SCIM change, never after a cache expires.
@Suite(.serialized, .timeLimit(.minutes(3))) struct SettingsTakeEffectTests {
    let cli = ScimifyProcess()

    @Test func theNextChangeAfterASettingUsesIt() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            let organization = sim.simulator.organization
            let email = "settings.person@acme.example"
            _ = await organization.addMember(email: email, name: "Settings Person", role: "user")
            _ = try await fixture.refresher(client: sim.client()).run(actor: "cli:test")
            let (child, port) = try await LaunchedChild.serve(path: fixture.path)
            defer { child.send(SIGTERM) }
            let scim = RunningSCIMServer(port: port, fixture: fixture)
            let record = try #require(try fixture.database.record(instanceID: fixture.instance.id, email: email))
            #expect(try await scim.call("GET", "/Users/\(record.id)").status == 200, "the instance is cached now")

            let dryRun = try await cli.run(
                ["instances", "set-mode", "acme", "dry-run", "--db", fixture.path], environment: ["USER": "ops"])
            #expect(dryRun.status == 0, "\(dryRun.stderr)")
            let applied = await sim.simulator.traffic.appliedWrites.count
            let world = OneTruthWorld.self
            for role in ["developer", "billing"] {
                let patched = try await scim.call(
                    "PATCH", "/Users/\(record.id)",
                    body: world.patchOp
                        + #"[{"op":"replace","path":"\#(world.roleExtension):claude_role","value":"\#(role)"}]}"#)
                #expect(patched.status == 200, "\(patched.text)")
            }
            #expect(await sim.simulator.traffic.appliedWrites.count == applied, "dry-run: no write, ever")
            #expect(await organization.member(email: email)?.role == "user")
            #expect(
                try fixture.database.auditEvents(instanceID: fixture.instance.id).prefix(2).allSatisfy {
                    $0.outcome == .dryRun
                })

            #expect(
                try await cli.run(
                    ["instances", "set-mode", "acme", "enforce", "--db", fixture.path], environment: ["USER": "ops"]
                ).status == 0)
            let memberID = try #require(await organization.member(email: email)?.id)
            let key = await organization.addAPIKey(
                name: "settings-ci", creator: memberID, kind: .legacyWorkspace, workspaceID: nil)
            let policy = try await cli.run(
                ["instances", "set-offboarding", "acme", "--keys", "deactivate", "--db", fixture.path],
                environment: ["USER": "ops"])
            #expect(policy.status == 0, "\(policy.stderr)")
            let removed = try await scim.call("DELETE", "/Users/\(record.id)")
            #expect(removed.status == 204, "\(removed.text)")
            #expect(await organization.member(email: email) == nil)
            #expect(await organization.apiKeyStatuses()[key] == "inactive", "the new policy ran")
            let problems = try await ConsistencyCheck.verify(fixture, sim, scim: scim)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }
}
