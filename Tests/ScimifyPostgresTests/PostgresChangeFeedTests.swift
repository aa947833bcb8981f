import Foundation
import PostgresNIO
import ScimifyTestSupport
import Synchronization
import Testing

@testable import ScimifyPostgres

/// One replica's announcement reaches another through LISTEN/NOTIFY within two seconds (a rotated token is
/// then refused everywhere at once); a rolled-back announcement never arrives. Against a real server.
@Suite(.enabled(if: PostgresTestDatabase.isAvailable, "SCIMIFY_TEST_DATABASE_URL is not set"), .timeLimit(.minutes(3)))
struct PostgresChangeFeedTests {
    @Test func anAnnouncementReachesTheOtherReplicaAndARolledBackOneDoesNot() async throws {
        try await PostgresTestDatabase.with { location in
            try await withPostgresTestPool(location) { first in
                try await withPostgresTestPool(location) { second in
                    let received = Shared([StoreChange]())
                    let follower = Task {
                        await PostgresChangeFeed(pool: second).follow { change in
                            received.value.withLock { $0.append(change) }
                        }
                    }
                    defer { follower.cancel() }
                    try await waitFor(received) { $0.first == .resynchronize }
                    // A NOTIFY in a transaction that rolls back is never delivered.
                    struct Abandon: Error {}
                    await #expect(throws: (any Error).self) {
                        try await first.client.withTransaction(logger: first.logger) { connection in
                            try await connection.query(
                                "SELECT pg_notify('scimify_changes', 'token-rotated 99')", logger: first.logger)
                            throw Abandon()
                        }
                    }
                    let feed = PostgresChangeFeed(pool: first)
                    let announced = ContinuousClock.now
                    try await first.client.query("SELECT pg_notify('scimify_changes', 'from-a-newer-version 1')")
                    try await feed.announce(.tokenRotated(instanceID: 7))
                    try await feed.announce(.intentsChanged(instanceID: 7))
                    try await waitFor(received) { $0.count >= 3 }
                    #expect(announced.duration(to: .now) < .seconds(2))
                    #expect(
                        received.value.withLock { $0 }
                            == [.resynchronize, .tokenRotated(instanceID: 7), .intentsChanged(instanceID: 7)])
                }
            }
        }
    }

    @Test func payloadsRoundTripAndUnknownOnesAreIgnored() throws {
        for change in [
            StoreChange.tokenRotated(instanceID: 1), .intentsChanged(instanceID: 22), .dataChanged(instanceID: 3),
        ] {
            #expect(StoreChange(payload: try #require(change.payload)) == change)
        }
        #expect(StoreChange.resynchronize.payload == nil)
        for payload in ["", "token-rotated", "token-rotated x", "token-rotated 1 2", "renamed 1"] {
            #expect(StoreChange(payload: payload) == nil, "\(payload)")
        }
    }

    private func waitFor(_ received: Shared<[StoreChange]>, _ done: ([StoreChange]) -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline {
            if received.value.withLock({ done($0) }) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("waited 5 s; received \(received.value.withLock { $0 })")
    }
}
