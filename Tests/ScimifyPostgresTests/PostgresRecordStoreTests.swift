import Foundation
import ScimifyCore
import ScimifyStorage
import ScimifyTestSupport
import Testing

@testable import ScimifyPostgres

/// SCIM records on PostgreSQL follow the SQLite store's rules: found by id, userName or the address Claude
/// knows (case-insensitively), one per userName, a version bump per save, the first IdP push time kept, and
/// hostile text stored as it is. Against a real server.
@Suite(.enabled(if: PostgresTestDatabase.isAvailable, "SCIMIFY_TEST_DATABASE_URL is not set"), .timeLimit(.minutes(3)))
struct PostgresRecordStoreTests {
    @Test func recordsKeepTheSQLiteStoresRules() async throws {
        let master = ThrowawayPostgresDatabase.newMasterKey()
        try await PostgresTestDatabase.with { location in
            try await withPostgresTestPool(location) { store in
                let instance = try await PostgresInstanceStore(
                    pool: store, environment: ["SCIMIFY_MASTER_KEY": master]
                )
                .addInstance(name: "Acme", apiBaseURL: "http://127.0.0.1:1", apiKey: "sk-test", mode: .enforce)
                .instance
                let records = PostgresRecordStore(pool: store)
                let created = Date(timeIntervalSince1970: 1_800_000_000.25)
                let hostile = "Robert'); DROP TABLE scimify_record;-- \u{1} \"\\ 山田 🎉"
                var jane = ScimRecord(
                    id: "rec-1", instanceID: instance.id, userName: "Jane@Acme.example", externalID: "okta-1",
                    givenName: hostile, familyName: "Doe", displayName: "Jane Doe",
                    emails: ["Jane@Acme.example", "a\",\"b@x"], active: true, requestedRole: .developer,
                    inviteID: "invite_1", source: .scim, createdAt: created, updatedAt: created, resource: "{}",
                    provisionedEmail: "jane.doe@acme.example", pushedByIdPAt: created)
                try await records.saveRecord(jane)
                var stored = try #require(try await records.record(instanceID: instance.id, id: "rec-1"))
                #expect(stored.givenName == hostile)
                #expect(stored.emails == ["Jane@Acme.example", "a\",\"b@x"])
                #expect(stored.requestedRole == .developer && stored.inviteID == "invite_1" && stored.version == 1)
                #expect(stored.createdAt == created && stored.pushedByIdPAt == created)
                #expect(try await records.record(instanceID: instance.id, userName: "jane@acme.EXAMPLE")?.id == "rec-1")
                #expect(
                    try await records.record(instanceID: instance.id, email: "Jane.Doe@acme.example")?.id == "rec-1")
                #expect(try await records.record(instanceID: instance.id, email: "jane@acme.example") == nil)
                // A save bumps the version and keeps the first push time when none is given.
                jane.active = false
                jane.pushedByIdPAt = nil
                try await records.saveRecord(jane)
                stored = try #require(try await records.record(instanceID: instance.id, id: "rec-1"))
                #expect(!stored.active && stored.version == 2 && stored.pushedByIdPAt == created)
                // One record per userName, whatever its case.
                let twin = ScimRecord(
                    id: "rec-2", instanceID: instance.id, userName: "JANE@acme.example", source: .scim,
                    createdAt: created.addingTimeInterval(1), updatedAt: created)
                let duplicate = await #expect(throws: StoreError.self) { try await records.saveRecord(twin) }
                #expect(duplicate?.isDuplicate == true)
                let omar = ScimRecord(
                    id: "rec-0", instanceID: instance.id, userName: "omar@acme.example", source: .import,
                    createdAt: created.addingTimeInterval(-1), updatedAt: created)
                try await records.saveRecord(omar)
                #expect(try await records.orderedRecords(instanceID: instance.id).map(\.id) == ["rec-0", "rec-1"])
                // A NUL (which PostgreSQL text cannot hold) is written as U+FFFD, the rule both stores follow.
                var nul = omar
                nul.displayName = "Omar\u{0}"
                try await records.saveRecord(nul)
                #expect(try await records.record(instanceID: instance.id, id: "rec-0")?.displayName == "Omar\u{FFFD}")
                #expect(try await records.orderedRecords(instanceID: instance.id + 1).isEmpty)
            }
        }
    }
}
