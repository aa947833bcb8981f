import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

@testable import ScimifyPostgres

/// Claude's state per the mirror, read from PostgreSQL, is what the SQLite store answers for every person of a
/// refreshed organization (members, pending invites, expired ones, strangers). Against a real server.
@Suite(.enabled(if: PostgresTestDatabase.isAvailable, "SCIMIFY_TEST_DATABASE_URL is not set"), .timeLimit(.minutes(3)))
struct PostgresClaudeStateTests {
    @Test func everyPersonsStateIsWhatTheSQLiteStoreSays() async throws {
        try await withSimulator(.init(seed: .generated(members: 120, invites: 40))) { sim in
            try await PostgresTestDatabase.besideSQLite(sim) { fixture, store, instance in
                let organization = sim.simulator.organization
                let invites = await organization.snapshot().invites
                try await organization.expireInvite(id: try #require(invites.first { $0.status == "pending" }).id)
                _ = await organization.addInvite(email: "twice@acme.example", role: "user")
                _ = await organization.addInvite(email: "twice@acme.example", role: "billing")
                _ = try await Refresher(
                    instance: instance, api: sim.client(), store: PostgresMirrorStore(pool: store),
                    recorder: PostgresRecorder(pool: store, instanceID: instance.id)
                ).run(actor: "test")
                _ = try await fixture.refresher(client: sim.client()).run(actor: "test")
                let states = PostgresClaudeState(pool: store)
                let snapshot = await organization.snapshot()
                let everyone =
                    snapshot.members.map(\.email) + snapshot.invites.map(\.email) + ["stranger@acme.example"]
                for email in everyone + everyone.prefix(3).map({ $0.uppercased() }) {
                    let mine = try await states.claudeState(instanceID: instance.id, email: email)
                    let theirs = try fixture.database.claudeState(instanceID: fixture.instance.id, email: email)
                    #expect(mine == theirs, "\(email)")
                }
                let all = try await states.mirroredPeople(instanceID: instance.id)
                let reference = try fixture.database.mirroredPeople(instanceID: fixture.instance.id)
                let differing = Set(all.keys).union(reference.keys).filter { all[$0] != reference[$0] }
                #expect(differing.isEmpty && all.count == reference.count, "\(differing.sorted().prefix(5))")
                #expect(all["twice@acme.example"]?.role == .billing, "the later of two invites sent together wins")
                let some = try await states.mirroredPeople(
                    instanceID: instance.id, emails: Array(everyone.prefix(5)) + ["stranger@acme.example"])
                let wanted = Set(everyone.prefix(5).map(EmailAddress.key))
                #expect(some.keys.sorted() == reference.keys.filter { wanted.contains($0) }.sorted())
                #expect(some.allSatisfy { reference[$0.key] == $0.value })
                #expect(try await states.mirroredPeople(instanceID: instance.id, emails: []).isEmpty)
            }
        }
    }
}
