import Foundation
import Logging
import PostgresNIO
import ScimifyCore
import ScimifyPostgres
import ScimifyStorage
import ScimifyTestSupport
import Synchronization
import Testing

/// A throwaway database on the server `SCIMIFY_TEST_DATABASE_URL` names (`.ci/run` starts one); tests that
/// need it are skipped when the variable is unset, so `swift test` runs without PostgreSQL.
enum PostgresTestDatabase {
    static let url = ProcessInfo.processInfo.environment["SCIMIFY_TEST_DATABASE_URL"]
    static var isAvailable: Bool { url != nil }

    /// Creates a database of its own for `body` and drops it after.
    static func with<T: Sendable>(_ body: @Sendable (PostgresLocation) async throws -> T) async throws -> T {
        try await ThrowawayPostgresDatabase.with(serverURL: try #require(url), body)
    }
}

/// A mutex the tasks of a test share.
final class Shared<Value: Sendable>: Sendable {
    let value: Mutex<Value>
    init(_ initial: Value) { value = Mutex(initial) }
}

extension PostgresTestDatabase {
    /// A SQLite store fixture and a PostgreSQL store with an instance each, over the same simulator: tests that
    /// check the PostgreSQL store does what the SQLite store does run both side by side.
    static func besideSQLite<T: Sendable>(
        _ sim: RunningSimulator, _ body: @Sendable (StoreFixture, PostgresPool, Instance) async throws -> T
    ) async throws -> T {
        let fixture = try StoreFixture(simulator: sim)
        defer { fixture.directory.remove() }
        let master = ThrowawayPostgresDatabase.newMasterKey()
        return try await with { location in
            try await withPostgresTestPool(location) { store in
                let instance = try await PostgresInstanceStore(
                    pool: store, environment: ["SCIMIFY_MASTER_KEY": master]
                )
                .addInstance(name: "Acme", apiBaseURL: sim.baseURL, apiKey: "sk-test", mode: .enforce).instance
                return try await body(fixture, store, instance)
            }
        }
    }
}
