import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifyPostgres
import ScimifyStore
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

                try await withPostgresStore(location) { pool in
                    let postgres = try PostgresStorePort(store: pool, environment: environment)
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

    /// The two stores hold the same instance, records, mirror and audit log.
    private func expectSameContent(
        _ source: ScimifyDatabase, _ target: any StorePort, instance: Instance, extraAudit: Int = 0
    ) async throws {
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
