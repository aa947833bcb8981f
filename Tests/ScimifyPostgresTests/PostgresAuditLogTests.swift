import Foundation
import ScimifyCore
import ScimifyTestSupport
import Testing

@testable import ScimifyPostgres

/// The audit log on PostgreSQL: newest first, filtered by instance, time and batch, capped fields, and no row
/// lost to hostile text (a NUL is written as U+FFFD). Against a real server.
@Suite(.enabled(if: PostgresTestDatabase.isAvailable, "SCIMIFY_TEST_DATABASE_URL is not set"), .timeLimit(.minutes(3)))
struct PostgresAuditLogTests {
    @Test func eventsComeBackFilteredNewestFirstAndNoneIsLostToItsText() async throws {
        try await PostgresTestDatabase.with { location in
            try await withPostgresTestPool(location) { store in
                let log = PostgresAuditLog(pool: store)
                #expect(try await log.changeCounter() == 0)
                let start = Date(timeIntervalSince1970: 1_800_000_000)
                func event(_ minute: Double, instance: Int64?, batch: String? = nil, detail: String = "ok")
                    -> AuditEvent
                {
                    AuditEvent(
                        at: start.addingTimeInterval(minute * 60), instanceID: instance,
                        instanceSlug: instance.map { "org-\($0)" }, actor: "scim:okta", action: "invite.create",
                        targetEmail: "jane@acme.example", outcome: .ok, requestIDs: ["req_1", "req_2"], detail: detail,
                        idpRequestID: "okta-1", batchID: batch)
                }
                var last: Int64 = 0
                for (minute, instance, batch) in [(0.0, 1, nil), (1, 2, nil), (2, 1, "batch-a"), (3, 1, "batch-a")]
                    as [(Double, Int64?, String?)]
                {
                    let id = try await log.append(event(minute, instance: instance, batch: batch))
                    #expect(id > last)
                    last = id
                }
                let hostile = try await log.append(
                    event(4, instance: nil, detail: "name \u{0} with a NUL, " + String(repeating: "x", count: 3000)))
                #expect(try await log.changeCounter() == hostile)
                let all = try await log.events()
                #expect(all.map(\.at) == all.map(\.at).sorted(by: >))
                #expect(all.count == 5)
                let stored = try #require(all.first)
                #expect(stored.detail.hasPrefix("name \u{FFFD} with a NUL") && stored.detail.count == 2000)
                #expect(stored.requestIDs == ["req_1", "req_2"] && stored.idpRequestID == "okta-1")
                #expect(try await log.events(instanceID: 1).count == 3)
                #expect(try await log.events(batchID: "batch-a").map(\.batchID) == ["batch-a", "batch-a"])
                #expect(try await log.events(since: start.addingTimeInterval(150)).count == 2)
                #expect(try await log.events(instanceID: 1, since: start.addingTimeInterval(90), limit: 1).count == 1)
            }
        }
    }
}
