import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

@testable import ScimifyPostgres

/// The one write path on PostgreSQL records the same changes as the SQLite recorder: audit rows, SCIM record
/// state, mirror rows, change generations and unconfirmed marks, change after change. Against a real server.
@Suite(.enabled(if: PostgresTestDatabase.isAvailable, "SCIMIFY_TEST_DATABASE_URL is not set"), .timeLimit(.minutes(3)))
struct PostgresRecorderTests {
    @Test func theRecorderWritesWhatTheSQLiteRecorderWrites() async throws {
        try await withSimulator { sim in
            try await PostgresTestDatabase.besideSQLite(sim) { fixture, store, instance in
                let auditLog = PostgresAuditLog(pool: store)
                let mirror = PostgresMirrorStore(pool: store)
                _ = try await Refresher(
                    instance: instance, api: sim.client(), store: mirror,
                    recorder: PostgresRecorder(pool: store, instanceID: instance.id)
                ).run(actor: "test")
                _ = try await fixture.refresher(client: sim.client()).run(actor: "test")
                let sqlite = fixture.recorder
                let postgres = PostgresRecorder(pool: store, instanceID: instance.id)
                let existing = try #require(try fixture.database.mirror(instanceID: fixture.instance.id))
                    .members.first { $0.role == .user }
                let member = try #require(existing)
                let at = Date(timeIntervalSince1970: 1_800_000_000)
                let first = Invite(
                    id: "invite_new_1", email: "new@acme.example", role: .user, status: .pending, invitedAt: at,
                    expiresAt: at.addingTimeInterval(86_400 * 21))
                var second = first
                second.id = "invite_new_2"
                second.role = .developer
                let steps: [(AuditEvent.Outcome, String, ProvisioningOutcome?)] = [
                    (.ok, "new@acme.example", ProvisioningOutcome(change: .invited, invite: first)),
                    (
                        .ok, "new@acme.example",
                        ProvisioningOutcome(change: .reinvited(from: .user, to: .developer), invite: second)
                    ),
                    (.failed, member.email, ProvisioningOutcome(change: .memberRemoved, member: member)),
                    (.ok, member.email, ProvisioningOutcome(change: .memberRemoved, member: member)),
                    (.ok, "nobody@acme.example", ProvisioningOutcome(change: .nothingToRemove)),
                ]
                for (index, (outcome, email, result)) in steps.enumerated() {
                    try await sqlite.beginChange(email: email)
                    try await postgres.beginChange(email: email)
                    #expect(try await postgres.isUnconfirmed(email: email))
                    let event = AuditEvent(
                        at: at.addingTimeInterval(Double(index)), instanceID: instance.id, instanceSlug: "acme",
                        actor: "scim:test", action: "step.\(index)", targetEmail: email, outcome: outcome,
                        detail: "step \(index)")
                    let change = RecordedChange(
                        email: email, outcome: result, requestedRole: index == 0 ? .user : nil, source: .scim)
                    try await sqlite.record(event, change: change)
                    try await postgres.record(event, change: change)
                    #expect(
                        try await postgres.isUnconfirmed(email: email)
                            == fixture.database.isUnconfirmed(instanceID: fixture.instance.id, email: email),
                        "step \(index)")
                    #expect(
                        try await PostgresIntentJournal(pool: store, instanceID: instance.id).generation(of: email)
                            == fixture.database.generation(instanceID: fixture.instance.id, email: email),
                        "step \(index)")
                    for person in ["new@acme.example", member.email, "nobody@acme.example"] {
                        let mine = try await PostgresRecordStore(pool: store).record(
                            instanceID: instance.id, email: person)
                        let theirs = try fixture.database.record(instanceID: fixture.instance.id, email: person)
                        #expect(
                            mine.map {
                                "\($0.memberID ?? "-") \($0.inviteID ?? "-") \($0.active) \($0.requestedRole?.rawValue ?? "-")"
                            }
                                == theirs.map {
                                    "\($0.memberID ?? "-") \($0.inviteID ?? "-") \($0.active) \($0.requestedRole?.rawValue ?? "-")"
                                },
                            "step \(index): \(person)")
                    }
                    let stored = try #require(try await mirror.mirror(instanceID: instance.id))
                    let reference = try #require(try fixture.database.mirror(instanceID: fixture.instance.id))
                    #expect(Set(stored.members.map(\.id)) == Set(reference.members.map(\.id)), "step \(index)")
                    #expect(
                        Set(stored.invites.map { "\($0.id) \($0.status.rawValue)" })
                            == Set(reference.invites.map { "\($0.id) \($0.status.rawValue)" }), "step \(index)")
                }
                let actions = try await auditLog.events().map(\.action)
                #expect(actions.filter { $0.hasPrefix("step.") }.count == steps.count)
            }
        }
    }
}
