import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyTestSupport
import Testing

@testable import ScimifyPostgres

/// A cancel-and-reinvite begun by a replica that dies between its two steps is finished by the survivors'
/// resumes, once, through the intent journal and the email locks in PostgreSQL; a newer change to the email
/// closes it without a call. Against a real server and the simulator.
@Suite(.enabled(if: PostgresTestDatabase.isAvailable, "SCIMIFY_TEST_DATABASE_URL is not set"), .timeLimit(.minutes(3)))
struct PostgresIntentJournalTests {
    func intent(_ email: String, oldInvite: String, generation: Int = 0) -> ReinviteIntent {
        ReinviteIntent(
            id: UUID().uuidString, email: email, oldInviteID: oldInvite, oldRole: .user, newRole: .developer,
            createdAt: Date(), generation: generation)
    }

    @Test func aDeadReplicasReinviteIsFinishedOnceByTheSurvivors() async throws {
        try await withSimulator { sim in
            let oldInvite = await sim.simulator.organization.addInvite(email: "jane@acme.example", role: "user")
            try await PostgresTestDatabase.with { location in
                // Replica A writes its intent, cancels the old invite, and dies before the new invite.
                let begun = intent("jane@acme.example", oldInvite: oldInvite)
                try await withPostgresTestPool(location) { replicaA in
                    try await PostgresIntentJournal(pool: replicaA, instanceID: 1).begin(begun)
                    _ = try await sim.client().deleteInvite(inviteID: oldInvite)
                }
                #expect(await sim.simulator.organization.pendingInvites(email: "jane@acme.example").isEmpty)
                // Replicas B and C resume at the same time.
                let results = try await withPostgresTestPool(location) { replicaB in
                    try await withPostgresTestPool(location) { replicaC in
                        let provisioners = [replicaB, replicaC].map { store in
                            Provisioner(
                                api: sim.client(),
                                serializer: AdvisoryLockChangeSerializer(pool: store, instanceID: 1),
                                journal: PostgresIntentJournal(pool: store, instanceID: 1))
                        }
                        async let b = provisioners[0].resumeUnfinishedIntents()
                        async let c = provisioners[1].resumeUnfinishedIntents()
                        let (fromB, fromC) = try await (b, c)
                        let left = try await PostgresIntentJournal(pool: replicaB, instanceID: 1).unfinished()
                        return (fromB + fromC, left)
                    }
                }
                #expect(results.0.count == 1, "resumed \(results.0.count) times")
                if case .finished = results.0.first?.result {} else { Issue.record("not finished: \(results.0)") }
                #expect(results.1.isEmpty)
                let invites = await sim.simulator.organization.pendingInvites(email: "jane@acme.example")
                #expect(invites.map(\.role) == ["developer"], "\(invites)")
            }
        }
    }

    @Test func aNewerChangeClosesTheIntentWithoutACall() async throws {
        try await withSimulator { sim in
            let oldInvite = await sim.simulator.organization.addInvite(email: "omar@acme.example", role: "user")
            try await PostgresTestDatabase.with { location in
                try await withPostgresTestPool(location) { store in
                    let journal = PostgresIntentJournal(pool: store, instanceID: 1)
                    try await journal.begin(intent("omar@acme.example", oldInvite: oldInvite))
                    // A newer change to the email, recorded through the one write path.
                    try await PostgresRecorder(pool: store, instanceID: 1).record(
                        AuditEvent(
                            at: Date(), instanceID: 1, instanceSlug: "acme", actor: "cli:test",
                            action: "scim.update", targetEmail: "Omar@Acme.example", outcome: .ok, detail: "newer"),
                        change: RecordedChange(email: "Omar@Acme.example", outcome: nil, source: .cli))
                    #expect(try await journal.generation(of: "omar@acme.example") == 1)
                    await sim.simulator.traffic.resetCounts()
                    let results = try await Provisioner(
                        api: sim.client(), serializer: AdvisoryLockChangeSerializer(pool: store, instanceID: 1),
                        journal: journal
                    ).resumeUnfinishedIntents()
                    if case .superseded = results.first?.result {} else { Issue.record("not superseded: \(results)") }
                    #expect(await sim.simulator.traffic.writeCount() == 0)
                    #expect(try await journal.unfinished().isEmpty)
                }
            }
        }
    }

    @Test func attentionAndReopenKeepTheReasonAndRequestIDs() async throws {
        try await PostgresTestDatabase.with { location in
            try await withPostgresTestPool(location) { store in
                let journal = PostgresIntentJournal(pool: store, instanceID: 3)
                let other = PostgresIntentJournal(pool: store, instanceID: 4)
                let begun = intent("kim@acme.example", oldInvite: "invite_1", generation: 2)
                try await journal.begin(begun)
                #expect(try await journal.unfinished() == [begun.withSecondPrecision])
                #expect(try await other.unfinished().isEmpty, "another instance saw the intent")
                try await journal.markNeedsAttention(
                    intentID: begun.id, reason: "refused: 'admin' cannot be assigned", requestIDs: ["req_1", "req_2"])
                #expect(try await journal.unfinished().isEmpty)
                let waiting = try await journal.needingAttention()
                #expect(waiting.map(\.reason) == ["refused: 'admin' cannot be assigned"])
                #expect(waiting.map(\.requestIDs) == [["req_1", "req_2"]])
                try await journal.reopen(intentID: begun.id)
                #expect(try await journal.unfinished().map(\.id) == [begun.id])
                try await journal.complete(intentID: begun.id)
                #expect(try await journal.unfinished().isEmpty)
                #expect(try await journal.needingAttention().isEmpty)
            }
        }
    }
}

extension ReinviteIntent {
    /// As stored (seconds as a double, which keeps microseconds).
    fileprivate var withSecondPrecision: ReinviteIntent {
        var copy = self
        copy.createdAt = Date(timeIntervalSince1970: createdAt.timeIntervalSince1970)
        return copy
    }
}
