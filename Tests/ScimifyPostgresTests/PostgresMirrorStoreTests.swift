import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

@testable import ScimifyPostgres

/// Refresh users runs on PostgreSQL through the same ``Refresher`` and gives what the SQLite store gives for
/// the same listings: the same report, mirror and record links, with its audit row in the same transaction.
/// Against a real server and the simulator.
@Suite(.enabled(if: PostgresTestDatabase.isAvailable, "SCIMIFY_TEST_DATABASE_URL is not set"), .timeLimit(.minutes(3)))
struct PostgresMirrorStoreTests {
    /// Audits what a failed listing leaves (the only thing a refresh records outside its transaction).
    struct AuditOnlyRecorder: ProvisioningRecorder {
        let log: PostgresAuditLog
        func record(_ event: AuditEvent, change: RecordedChange?) async throws { try await log.append(event) }
        func beginChange(email: String) async throws {}
        // Keeps no mirror: never trusted.
        func trustedState(of email: String, now: Date) async throws -> TrustedClaudeState? { nil }
    }

    @Test func refreshGivesWhatTheSQLiteStoreGives() async throws {
        try await withSimulator(.init(seed: .generated(members: 400, invites: 60))) { sim in
            try await PostgresTestDatabase.besideSQLite(sim) { fixture, store, instance in
                let mirror = PostgresMirrorStore(pool: store)
                let onPostgres = Refresher(
                    instance: instance, api: sim.client(), store: mirror,
                    recorder: AuditOnlyRecorder(log: PostgresAuditLog(pool: store)))
                let onSQLite = fixture.refresher(client: sim.client())
                for round in 0..<3 {
                    if round == 1 {
                        // Changes made in Claude between refreshes: a removal, an acceptance, a role change.
                        let organization = sim.simulator.organization
                        let snapshot = await organization.snapshot()
                        try await organization.removeMemberOutside(id: snapshot.members[3].id)
                        let pending = snapshot.invites.filter { $0.status == "pending" }
                        _ = try await organization.acceptInvite(id: pending[0].id)
                        let target = try #require(snapshot.members.dropFirst(4).first { $0.role == "user" })
                        _ = try await sim.client().updateMemberRole(memberID: target.id, role: .developer)
                    }
                    let expected = try await onSQLite.run(actor: "test")
                    let report = try await onPostgres.run(actor: "test")
                    #expect(report.diff.summary == expected.diff.summary, "round \(round)")
                    // Round 0 imports everything, round 1 sees the three changes, round 2 nothing.
                    #expect(report.diff.isEmpty == (round == 2), "round \(round): \(report.diff.summary)")
                    if round == 1 {
                        #expect(report.diff.removedMembers.count == 1 && report.diff.roleChanges.count == 1)
                        #expect(report.diff.invitesAccepted.count == 1)
                    }
                    let counts: [Int] = [report.recordsCreated, report.recordsLinked, report.recordsMarkedRemoved]
                    #expect(
                        counts == [expected.recordsCreated, expected.recordsLinked, expected.recordsMarkedRemoved],
                        "round \(round)")
                    let stored = try #require(try await mirror.mirror(instanceID: instance.id))
                    let reference = try #require(try fixture.database.mirror(instanceID: fixture.instance.id))
                    #expect(Set(stored.members.map(\.id)) == Set(reference.members.map(\.id)))
                    #expect(Set(stored.members.map(\.role.rawValue)) == Set(reference.members.map(\.role.rawValue)))
                    #expect(
                        Set(stored.invites.map(\.status.rawValue)) == Set(reference.invites.map(\.status.rawValue)))
                    #expect(stored.invites.count == reference.invites.count)
                    // The records agree with SQLite's, link for link.
                    let records = try await PostgresRecordStore(pool: store).orderedRecords(
                        instanceID: instance.id)
                    let referenceRecords = try fixture.database.orderedRecords(instanceID: fixture.instance.id)
                    func links(_ list: [ScimRecord]) -> [String: String] {
                        Dictionary(
                            uniqueKeysWithValues: list.map {
                                (
                                    EmailAddress.key($0.email),
                                    "\($0.memberID ?? "-") \($0.inviteID ?? "-") \($0.removedOutside)"
                                )
                            })
                    }
                    #expect(links(records) == links(referenceRecords), "round \(round)")
                }
                let audit = try await PostgresAuditLog(pool: store).events()
                #expect(audit.count == 3 && audit.allSatisfy { $0.action == "refresh" && $0.outcome == .ok })
            }
        }
    }
}
