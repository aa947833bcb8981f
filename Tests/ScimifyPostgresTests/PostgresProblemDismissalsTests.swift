import Foundation
import PostgresNIO
import ScimifyCore
import ScimifyTestSupport
import Testing

@testable import ScimifyPostgres

/// Dismissed problems on PostgreSQL: per instance, a later dismissal replaces the reason, each with its audit
/// row, and a failed audit leaves no dismissal behind. Against a real server.
@Suite(.enabled(if: PostgresTestDatabase.isAvailable, "SCIMIFY_TEST_DATABASE_URL is not set"), .timeLimit(.minutes(3)))
struct PostgresProblemDismissalsTests {
    @Test func dismissalsArePerInstanceAndAuditedTogether() async throws {
        try await PostgresTestDatabase.with { location in
            try await withPostgresTestPool(location) { store in
                let dismissals = PostgresProblemDismissals(pool: store)
                func audit(_ detail: String, action: String = "problem.dismiss") -> AuditEvent {
                    AuditEvent(
                        at: Date(), instanceID: 1, instanceSlug: "acme", actor: "console:ops", action: action,
                        targetEmail: nil, outcome: .ok, detail: detail)
                }
                try await dismissals.dismissProblem(
                    instanceID: 1, id: "drift:jane", reason: "known", audit: audit("dismissed drift:jane"))
                try await dismissals.dismissProblem(
                    instanceID: 1, id: "drift:jane", reason: "still known", audit: audit("again"))
                try await dismissals.dismissProblem(
                    instanceID: 2, id: "stale:omar", reason: "other org", audit: audit("other"))
                #expect(try await dismissals.dismissedProblemIDs(instanceID: 1) == ["drift:jane"])
                #expect(try await dismissals.dismissedProblemIDs(instanceID: 2) == ["stale:omar"])
                #expect(try await dismissals.dismissedProblemIDs(instanceID: 3).isEmpty)
                #expect(try await PostgresAuditLog(pool: store).events().count == 3)
                // An audit row that cannot be written (an action over the column's limits is fine, so break the
                // table instead) takes the dismissal with it.
                try await store.client.query(
                    "ALTER TABLE scimify_audit_event ADD CONSTRAINT no_more CHECK (false) NOT VALID")
                await #expect(throws: (any Error).self) {
                    try await dismissals.dismissProblem(
                        instanceID: 1, id: "drift:kim", reason: "lost", audit: audit("cannot be written"))
                }
                #expect(try await dismissals.dismissedProblemIDs(instanceID: 1) == ["drift:jane"])
            }
        }
    }
}
