import Logging
import PostgresNIO

/// A connection pool to one PostgreSQL database shared by every replica, with its schema migrated. Run
/// ``run()`` for as long as it is used (it is a swift-service-lifecycle `Service`, so a `ServiceGroup` can
/// run it beside the SCIM server); every query binds its values as parameters.
public final class PostgresPool: Sendable {
    public let location: PostgresLocation
    let client: PostgresClient
    let logger: Logger
    /// Connections of the pool (each replica has its own pool).
    static let poolSize = 20
    /// At most this many changes hold a connection for their advisory lock, so the others stay free for the
    /// work those changes do (``AdvisoryLockChangeSerializer``).
    let lockHolders = LockHolderSlots(count: poolSize - 6)

    public init(location: PostgresLocation, logger: Logger = Logger(label: "scimify.postgres")) {
        self.location = location
        self.logger = logger
        var configuration = location.clientConfiguration()
        configuration.options.maximumConnections = Self.poolSize
        client = PostgresClient(configuration: configuration, backgroundLogger: logger)
    }

    /// Runs the pool until the task is cancelled.
    public func run() async { await client.run() }

    /// Applies the migrations this version has and the database lacks (``PostgresMigrations``).
    public func migrate() async throws {
        try await PostgresMigrations.apply(client, logger: logger)
    }

    /// The names of the migrations applied, in order.
    public func appliedMigrations() async throws -> [String] {
        try await PostgresMigrations.applied(client, logger: logger)
    }
}
