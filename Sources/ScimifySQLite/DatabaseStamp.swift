import GRDB
import Synchronization

/// A point in the database's history: this process's commits (counted by ``CommitCounter``) and SQLite's
/// `data_version` on the writer connection (which moves when any other connection, in any process, commits).
/// Equal stamps mean nothing was written in between, so a reading taken at the first is still current.
struct DatabaseStamp: Equatable {
    let commits: Int64
    let dataVersion: Int64

    /// The stamp now; `db` must be the writer connection.
    static func current(_ db: Database, counter: CommitCounter) throws -> DatabaseStamp {
        DatabaseStamp(
            commits: counter.count, dataVersion: try Int64.fetchOne(db, sql: "PRAGMA data_version") ?? 0)
    }
}

/// Counts the transactions committed through this process's writer connection. It observes no table, so
/// it costs one atomic increment per commit.
final class CommitCounter: TransactionObserver, Sendable {
    private let commits = Atomic<Int64>(0)

    var count: Int64 { commits.load(ordering: .acquiring) }

    func observes(eventsOfKind eventKind: DatabaseEventKind) -> Bool { false }
    func databaseDidChange(with event: DatabaseEvent) {}
    func databaseDidCommit(_ db: Database) { commits.add(1, ordering: .releasing) }
    func databaseDidRollback(_ db: Database) {}
}
