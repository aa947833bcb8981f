import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifyPostgres
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// `scimify store copy` between a SQLite file and PostgreSQL, through the real command: everything arrives
/// (records, mirror, audit, tokens, sealed keys), a non-empty target is refused, and a failed copy leaves the
/// target empty so that it can run again.
@Suite(
    .enabled(if: PostgresTestDatabase.isAvailable, "SCIMIFY_TEST_DATABASE_URL is not set"), .timeLimit(.minutes(3)))
struct StoreCopyTests {
    @Test func sqliteToPostgresAndBackKeepsEverythingAndRefusesAFullTarget() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            _ = try await fixture.refresher(client: sim.client()).run(actor: "cli:test")
            try await withSCIMServer(fixture) { scim in
                for (index, role) in ["user", "developer", "billing"].enumerated() {
                    let reply = try await scim.call(
                        "POST", "/Users",
                        body: #"{"userName":"copy\#(index)@acme.example","active":true,"claude_role":"\#(role)"}"#)
                    #expect(reply.status == 201, "\(reply.text)")
                }
            }
            try await Self.leaveWorkInFlight(fixture)
            // The target needs the source's master key: a SQLite store keeps it in scimify.key beside itself.
            let key = try String(contentsOfFile: fixture.directory.file(SecretBox.keyFileName), encoding: .utf8)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            let environment = ["SCIMIFY_MASTER_KEY": key]
            try await PostgresTestDatabase.with { location in
                let url = location.description
                let wrongKey = try await ScimifyProcess().run(
                    ["store", "copy", "--from", fixture.path, "--to", url],
                    environment: ["SCIMIFY_MASTER_KEY": ThrowawayPostgresDatabase.newMasterKey()])
                #expect(wrongKey.status == 2 && wrongKey.stderr.contains("cannot open the source's Admin API keys"))

                let copied = try await ScimifyProcess().run(
                    ["store", "copy", "--from", fixture.path, "--to", url, "--json"], environment: environment)
                #expect(copied.status == 0, "\(copied.stderr)")
                #expect(copied.stdout.contains("\"record\":") && copied.stdout.contains("\"audit_event\":"))

                try await withPostgresTestPool(location) { pool in
                    let postgres = try PostgresStore(pool: pool, environment: environment)
                    try await expectSameContent(fixture.database, postgres, instance: fixture.instance)
                    #expect(
                        try await postgres.apiKey(of: fixture.instance)
                            == AdminAPISimulator.Configuration.defaultAdminKey)
                    // The SCIM token still works: it was copied as its hash.
                    try await withSCIMServer(store: postgres, settings: testClientSettings()) { port in
                        let scim = RunningSCIMServer(
                            port: port, slug: fixture.instance.slug, scimToken: fixture.scimToken)
                        let listed = try await scim.call(
                            "GET", "/Users?filter=userName%20eq%20%22copy1@acme.example%22")
                        #expect(listed.status == 200 && listed.text.contains("developer"), "\(listed.text)")
                    }
                    // New audit rows continue after the copied ids.
                    let before = try await postgres.changeCounter()
                    try await postgres.appendAudit(
                        AuditEvent(
                            at: Date(), instanceID: fixture.instance.id, instanceSlug: fixture.instance.slug,
                            actor: "cli:test", action: "test.after_copy", targetEmail: nil, outcome: .ok, detail: ""))
                    #expect(try await postgres.changeCounter() == before + 1)
                }

                let again = try await ScimifyProcess().run(
                    ["store", "copy", "--from", fixture.path, "--to", url], environment: environment)
                #expect(again.status == 2 && again.stderr.contains("already holds instances or audit rows"))

                // And back into a new SQLite file.
                let back = fixture.directory.file("back/scimify.sqlite")
                let returned = try await ScimifyProcess().run(
                    ["store", "copy", "--from", url, "--to", back], environment: environment)
                #expect(returned.status == 0, "\(returned.stderr)")
                let restored = try ScimifyDatabase(path: back, environment: environment)
                try await expectSameContent(fixture.database, restored, instance: fixture.instance, extraAudit: 1)
            }
        }
    }

    /// What a store holds between steps of work: an unfinished re-invite, one refused and waiting for an
    /// operator (with the email's generation), a used removal slot and a held removal, and a dismissed problem.
    static func leaveWorkInFlight(_ fixture: StoreFixture) async throws {
        let wiring = try fixture.database.wiring(for: fixture.instance, now: { Date() })
        let at = Date(timeIntervalSince1970: 1_790_000_000.25)
        let open = ReinviteIntent(
            id: "intent-open", email: "copy0@acme.example", oldInviteID: "invite_old", oldRole: .user,
            newRole: .developer, createdAt: at,
            generation: try await wiring.journal.generation(of: "copy0@acme.example"))
        try await wiring.journal.begin(open)
        let refused = ReinviteIntent(
            id: "intent-refused", email: "copy1@acme.example", oldInviteID: "invite_older", oldRole: .developer,
            newRole: .billing, createdAt: at + 1)
        try await wiring.journal.begin(refused)
        try await wiring.journal.markNeedsAttention(
            intentID: refused.id, reason: "the Admin API refused the invite", requestIDs: ["req_copy"])
        let policy = RemovalGuardPolicy(maxRemovals: 1, windowMinutes: 60)
        #expect(
            try await wiring.removalGuard.admit(email: "a@acme.example", policy: policy, idpRequestID: nil, now: at)
                == .proceed)
        let held = try await wiring.removalGuard.admit(
            email: "b@acme.example", policy: policy, idpRequestID: "okta-1", now: at + 2)
        guard case .held = held else {
            Issue.record("the second removal was not held: \(held)")
            return
        }
        try fixture.database.dismissProblem(
            instanceID: fixture.instance.id, id: "failed-42", reason: "known; fixed in Okta",
            audit: AuditEvent(
                at: at + 3, instanceID: fixture.instance.id, instanceSlug: fixture.instance.slug, actor: "cli:test",
                action: "problem.dismiss", targetEmail: "copy2@acme.example", outcome: .ok, detail: "dismissed"))
    }

    /// The two stores hold the same instance, records, mirror, audit log and work in flight.
    private func expectSameContent(
        _ source: ScimifyDatabase, _ target: any StorePort, instance: Instance, extraAudit: Int = 0
    ) async throws {
        let (from, to) = (
            try source.wiring(for: instance, now: { Date() }), try target.wiring(for: instance, now: { Date() })
        )
        let unfinished = try await from.journal.unfinished()
        #expect(try await to.journal.unfinished() == unfinished && unfinished.map(\.id) == ["intent-open"])
        let attention = try await from.journal.needingAttention()
        #expect(try await to.journal.needingAttention() == attention && attention.count == 1)
        #expect(
            try await to.journal.generation(of: "copy0@acme.example")
                == from.journal.generation(of: "copy0@acme.example"))
        let held = try await from.removalGuard.heldRemovals()
        #expect(try await to.removalGuard.heldRemovals() == held && held.map(\.email) == ["b@acme.example"])
        let dismissed = try source.dismissedProblemIDs(instanceID: instance.id)
        #expect(
            try await target.dismissedProblemIDs(instanceID: instance.id) == dismissed && dismissed == ["failed-42"])
        #expect(try await target.openIntentCounts() == source.openIntentCounts())
        // The used slot is copied too: in the same window, the next removal is held on the target as well.
        let next = try await to.removalGuard.admit(
            email: "c@acme.example", policy: RemovalGuardPolicy(maxRemovals: 1, windowMinutes: 60),
            idpRequestID: nil, now: Date(timeIntervalSince1970: 1_790_000_010))
        guard case .held(let removal) = next else {
            Issue.record("the removal slot was not copied: \(next)")
            return
        }
        #expect(try await to.removalGuard.take(id: removal.id) == removal)
        #expect(try await target.instances() == source.instances())
        #expect(
            try await target.orderedRecords(instanceID: instance.id) == source.orderedRecords(instanceID: instance.id))
        let mirrors = (try await target.mirror(instanceID: instance.id), try source.mirror(instanceID: instance.id))
        // Same rows; invites sent in the same instant may list in either order.
        #expect(mirrors.0?.members == mirrors.1?.members)
        #expect(Set(mirrors.0?.invites ?? []) == Set(mirrors.1?.invites ?? []) && mirrors.1?.invites.isEmpty == false)
        #expect(mirrors.0?.refreshedAt == mirrors.1?.refreshedAt)
        let audit = try await target.auditEvents(instanceID: nil, since: nil, batchID: nil, limit: 100_000)
        let original = try source.auditEvents(instanceID: nil, since: nil, batchID: nil, limit: 100_000)
        #expect(audit.count == original.count + extraAudit)
        #expect(Array(audit.suffix(original.count)) == original)
        #expect(!original.isEmpty)
    }
}
