import ArgumentParser
import Foundation
import Logging
import ScimifyCore
import ScimifyPostgres
import ScimifySQLite
import ScimifyStorage

/// Which store a command opens: PostgreSQL when `--database-url` or `SCIMIFY_DATABASE_URL` names one (several
/// replicas share it), else the SQLite file of `--db` (default: `SCIMIFY_DB`, else the XDG data directory).
/// A `--db` given on the command line wins over `SCIMIFY_DATABASE_URL` in the environment.
struct StoreSelection: ParsableArguments {
    @Option(help: "Database path (default: SCIMIFY_DB, else $XDG_DATA_HOME/scimify/scimify.sqlite).")
    var db: String?

    @Option(
        help: ArgumentHelp(
            "PostgreSQL store shared by replicas: postgres://USER@HOST:PORT/DATABASE[?sslmode=MODE] (default: SCIMIFY_DATABASE_URL).",
            discussion: "The password comes from the URL, --database-password-file or PGPASSWORD; it is never printed.")
    )
    var databaseURL: String?

    @Option(help: "Read the PostgreSQL password from this file (its first line).")
    var databasePasswordFile: String?

    func validate() throws {
        if db != nil, databaseURL != nil { throw ValidationError("use either --db or --database-url, not both") }
        if databasePasswordFile != nil, postgresURL == nil {
            throw ValidationError("--database-password-file needs --database-url (or SCIMIFY_DATABASE_URL)")
        }
    }

    /// The PostgreSQL URL to use, if any.
    var postgresURL: String? {
        if let databaseURL { return databaseURL }
        guard db == nil, let url = ProcessInfo.processInfo.environment["SCIMIFY_DATABASE_URL"], !url.isEmpty else {
            return nil
        }
        return url
    }

    /// The SQLite file that would be used (meaningful when ``postgresURL`` is `nil`).
    var sqlitePath: String { DatabaseLocation.resolve(explicit: db) }

    /// Whether a store exists to read without creating one (a PostgreSQL URL always counts).
    var exists: Bool { postgresURL != nil || db != nil || FileManager.default.fileExists(atPath: sqlitePath) }

    /// Opens the selected store, migrated; store problems become usage errors that never show a password.
    /// - Parameter logger: where the PostgreSQL pool logs (`scimify serve` passes its own; commands stay quiet).
    func open(logger: Logger? = nil) async throws -> any StorePort {
        guard let url = postgresURL else { return try openDatabase(sqlitePath) }
        let environment = ProcessInfo.processInfo.environment
        let location: PostgresLocation
        do {
            location = try PostgresLocation(url: url, passwordFile: databasePasswordFile, environment: environment)
        } catch let error as PostgresLocationError {
            throw CLIFailure(message: "error: \(error.description)", status: .usage)
        }
        return try await Self.openPostgres(location, environment: environment, logger: logger)
    }

    /// How long a command waits for PostgreSQL to answer at all before it gives up (the pool itself would keep
    /// trying to connect forever).
    static let connectSeconds = 15

    /// Runs `body`, or fails with the location (never its password) when it takes longer than `limit`.
    static func within(
        seconds limit: Int, _ location: PostgresLocation, _ body: @escaping @Sendable () async throws -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await body()
                return true
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(limit))
                return false
            }
            let finished = try await group.next() ?? false
            group.cancelAll()
            guard finished else {
                throw CLIFailure(
                    message:
                        "error: the PostgreSQL store at \(location) did not answer within \(limit) s: is the server "
                        + "running and reachable, and are the user and database right?",
                    status: .usage)
            }
        }
    }

    /// A pool for `location` that runs for the rest of the process, its schema migrated.
    static func openPostgres(_ location: PostgresLocation, environment: [String: String], logger: Logger?)
        async throws -> PostgresStore
    {
        // The pool's errors go to the server's log; its warnings (a query queued before the pool started, at
        // startup) are noise to an operator.
        var poolLogger = logger ?? Logger(label: "scimify.postgres")
        poolLogger.logLevel = logger == nil ? .critical : .error
        let store = PostgresPool(location: location, logger: poolLogger)
        // The pool lives as long as the command: the process ends when the command does.
        Task.detached { await store.run() }
        do {
            try await Self.within(seconds: connectSeconds, location) { try await store.migrate() }
            return try PostgresStore(pool: store, environment: environment)
        } catch let error as StoreError {
            throw CLIFailure(message: "error: \(error.message)", status: .usage)
        } catch let error as CLIFailure {
            throw error
        } catch {
            throw CLIFailure(
                message: "error: cannot use the PostgreSQL store at \(location): \(String(reflecting: error))",
                status: .usage)
        }
    }
}
