import Logging
import ScimifyPostgres

/// Runs `body` with a PostgreSQL store whose pool runs meanwhile and whose schema is migrated; the pool stops
/// after (tests and benchmarks; `scimify serve` runs its pool as a service).
public func withPostgresTestPool<T: Sendable>(
    _ location: PostgresLocation, logger: Logger = Logger(label: "scimify.postgres"),
    _ body: @Sendable (PostgresPool) async throws -> T
) async throws -> T {
    let store = PostgresPool(location: location, logger: logger)
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            await store.run()
            return nil
        }
        defer { group.cancelAll() }
        try await store.migrate()
        return try await body(store)
    }
}
