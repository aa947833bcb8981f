import Foundation
import ScimifyCore
import ScimifyTestSupport
import Testing

@testable import ScimifyPostgres

/// The mass-removal guard's window is the organization's: removals admitted by two replicas at the same
/// moment share one count. Against a real server.
@Suite(.enabled(if: PostgresTestDatabase.isAvailable, "SCIMIFY_TEST_DATABASE_URL is not set"), .timeLimit(.minutes(3)))
struct PostgresRemovalGuardTests {
    @Test func twoReplicasTogetherTakeNoMoreSlotsThanThePolicyAllows() async throws {
        try await PostgresTestDatabase.with { location in
            try await withPostgresTestPool(location) { first in
                try await withPostgresTestPool(location) { second in
                    let guards = [first, second].map { PostgresRemovalGuard(pool: $0, instanceID: 1) }
                    let policy = RemovalGuardPolicy(maxRemovals: 5, windowMinutes: 60)
                    let now = Date()
                    let admissions = try await withThrowingTaskGroup(of: (String, RemovalAdmission).self) { group in
                        for index in 0..<14 {
                            group.addTask {
                                let email = "person\(index)@acme.example"
                                return (
                                    email,
                                    try await guards[index % 2].admit(
                                        email: email, policy: policy, idpRequestID: "okta-\(index)", now: now)
                                )
                            }
                        }
                        return try await group.reduce(into: [(String, RemovalAdmission)]()) { $0.append($1) }
                    }
                    let proceeded = admissions.filter { $0.1 == .proceed }
                    #expect(proceeded.count == 5, "\(proceeded.count) removals went ahead")
                    let held = try await guards[1].heldRemovals()
                    #expect(held.count == 9)
                    #expect(Set(held.map(\.email)) == Set(admissions.filter { $0.1 != .proceed }.map(\.0)))
                    #expect(held.allSatisfy { $0.reason.contains("the limit is 5") && $0.idpRequestID != nil })
                    // Holding the same person again keeps one row; a reactivation cancels it; approval takes it.
                    let again = try await guards[0].admit(
                        email: held[0].email.uppercased(), policy: policy, idpRequestID: "okta-again", now: now)
                    #expect(again == .held(held[0]))
                    #expect(try await guards[0].cancel(email: held[1].email) == held[1])
                    #expect(try await guards[1].take(id: held[2].id) == held[2])
                    #expect(try await guards[0].take(id: held[2].id) == nil)
                    #expect(try await guards[0].heldRemovals().count == 7)
                    // Outside the window the slots are free again; another instance has its own window.
                    let later = now.addingTimeInterval(61 * 60)
                    #expect(
                        try await guards[0].admit(
                            email: "later@acme.example", policy: policy, idpRequestID: nil, now: later)
                            == .proceed)
                    #expect(
                        try await PostgresRemovalGuard(pool: first, instanceID: 2).admit(
                            email: "other@acme.example", policy: policy, idpRequestID: nil, now: now) == .proceed)
                }
            }
        }
    }
}
