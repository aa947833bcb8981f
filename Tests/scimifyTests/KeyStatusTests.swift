import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyRuntime
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// One key's status changed on its own (the console's Keys view, `scimify keys deactivate`): what the operator
/// saw is checked first, what cannot change is refused before any request, and every outcome is audited.
@Suite(.timeLimit(.minutes(2))) struct KeyStatusTests {
    @Test func aKeyChangedSinceItWasSeenIsLeftAloneAndAnExpiredOneIsRefusedUnsent() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            let client = sim.client()
            let runtime = try fixture.runtime(client: client)
            let offboarding = runtime.keyOffboarding(actor: .init(name: "console:ops", source: .console))
            let keys = try await client.listAPIKeys().value
            let ciDeploy = try #require(keys.first { $0.name == "ci-deploy" })
            // Someone stops it in the Console meanwhile: the operator's "deactivate" of an active key is refused.
            _ = try await client.updateAPIKey(id: ciDeploy.id, status: .inactive)
            let writes = await sim.simulator.traffic.writeCount()
            await #expect(throws: ProvisioningError.self) {
                _ = try await offboarding.setStatus(ofKeyID: ciDeploy.id, saw: .active, to: .inactive, creator: nil)
            }
            do {
                _ = try await offboarding.setStatus(ofKeyID: ciDeploy.id, saw: .active, to: .active, creator: nil)
                Issue.record("a stale reactivation went through")
            } catch let error as ProvisioningError {
                #expect(error.kind == .stale && error.message.contains("changed since you looked"), "\(error)")
            }
            #expect(await sim.simulator.traffic.writeCount() == writes, "nothing sent")
            // What the operator saw still holds: it goes through, audited about the key.
            let started = try await offboarding.setStatus(
                ofKeyID: ciDeploy.id, saw: .inactive, to: .active, creator: "jane.smith@acme.example")
            #expect(started.changed?.value.status == .active)
            let row = try #require(try fixture.database.auditEvents(instanceID: fixture.instance.id).first)
            #expect(row.action == "api_key.activate" && row.outcome == .ok && !row.requestIDs.isEmpty)
            #expect(row.detail.hasPrefix("set \(ciDeploy.id) (ci-deploy, ") && row.detail.hasSuffix("active"))
            // An expired key, or a status Scimify never sets, is refused before any request.
            var expired = ciDeploy
            expired.status = .expired
            let before = await sim.simulator.traffic.requestCounts().values.reduce(0, +)
            await #expect(throws: ProvisioningError.self) {
                _ = try await offboarding.setStatus(of: expired, to: .active, creator: nil)
            }
            await #expect(throws: ProvisioningError.self) {
                _ = try await offboarding.setStatus(of: ciDeploy, to: .archived, creator: nil)
            }
            #expect(await sim.simulator.traffic.requestCounts().values.reduce(0, +) == before)
        }
    }
}
