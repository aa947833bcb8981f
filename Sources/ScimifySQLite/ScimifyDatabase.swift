import Foundation
import GRDB
import ScimifyCore
import ScimifyStorage

/// The one SQLite database (WAL) holding instances and secrets, SCIM records, the mirror, the audit log and
/// intents. Every write method is one transaction that keeps an invariant. Several processes (a console and a
/// server) may open the same file; SQLite serializes their writes and ``CrossProcessChangeSerializer``
/// serializes changes to one email.
public struct ScimifyDatabase: Sendable {
    let writer: DatabasePool
    /// The database file path.
    public let path: String
    let secrets: SecretBox
    /// Commits through ``writer``, for ``DatabaseStamp``.
    let commits = CommitCounter()

    /// Opens (creating if needed) the database at `path`, runs pending migrations, and loads the master key.
    /// - Parameters:
    ///   - path: the database file; its directory is created with mode 0700 if missing.
    ///   - environment: read for `SCIMIFY_MASTER_KEY`.
    /// - Throws: ``StoreError`` for an unreadable or insecure key file, a bad master key, or a database error.
    public init(path: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        try self.init(path: path, environment: environment, migrateUpTo: nil)
    }

    /// Opens the database migrated only up to `migration` (tests of upgrades from earlier versions).
    init(path: String, environment: [String: String], migrateUpTo migration: String?) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.createDirectory(
                atPath: directory,
                withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700]
            )
        }
        var configuration = Configuration()
        configuration.busyMode = .timeout(30)
        configuration.foreignKeysEnabled = true
        do {
            writer = try DatabasePool(path: path, configuration: configuration)
            writer.add(transactionObserver: commits, extent: .databaseLifetime)
            let migrator = Migrations.migrator()
            if let migration {
                try migrator.migrate(writer, upTo: migration)
            } else {
                try migrator.migrate(writer)
            }
        } catch let error as DatabaseError {
            throw StoreError("cannot open the database at \(path): \(error.message ?? "\(error.resultCode)")")
        }
        // After the database: whether it holds sealed keys decides if a missing key file may be created.
        let holdsSecrets = try writer.read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM instance)") ?? false
        }
        self.secrets = try SecretBox.load(databasePath: path, environment: environment, holdsSecrets: holdsSecrets)
        self.path = path
        // The file holds sealed keys and token hashes: owner only, whatever the umask was.
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            chmod(file, 0o600)
        }
    }

    /// The migrations applied, in order.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Migrations.migrator().appliedMigrations(db) }
    }
}
