import Foundation
import Logging
import PostgresNIO
import ScimifyPostgres

/// A database of its own on a PostgreSQL server (`SCIMIFY_TEST_DATABASE_URL`, which `.ci/run` and
/// `scripts/postgres-cluster.sh` provide), created for one test or benchmark and dropped after.
public enum ThrowawayPostgresDatabase {
    /// The server the tests and benchmarks use, if any.
    public static var serverURL: String? { ProcessInfo.processInfo.environment["SCIMIFY_TEST_DATABASE_URL"] }

    /// Creates a database on `serverURL`'s server for `body` and drops it after, whether `body` succeeds or not.
    public static func with<T: Sendable>(serverURL: String, _ body: @Sendable (PostgresLocation) async throws -> T)
        async throws -> T
    {
        let server = try PostgresLocation(url: serverURL, environment: ProcessInfo.processInfo.environment)
        let name = "scimify_test_\(UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: ""))"
        try await administer(server) { client in
            // A database name cannot be a bound parameter; this one is made of hex digits only.
            try await client.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        }
        do {
            let result = try await body(server.with(database: name))
            try await drop(name, on: server)
            return result
        } catch {
            try? await drop(name, on: server)
            throw error
        }
    }

    /// A master key for a PostgreSQL store (base64 of 32 random bytes).
    public static func newMasterKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return Data((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }).base64EncodedString()
    }

    private static func drop(_ name: String, on server: PostgresLocation) async throws {
        try await administer(server) { client in
            try await client.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
        }
    }

    private static func administer(_ server: PostgresLocation, _ body: @Sendable (PostgresClient) async throws -> Void)
        async throws
    {
        var logger = Logger(label: "scimify.test.postgres")
        logger.logLevel = .critical
        let client = PostgresClient(configuration: server.clientConfiguration(), backgroundLogger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            defer { group.cancelAll() }
            try await body(client)
        }
    }
}
