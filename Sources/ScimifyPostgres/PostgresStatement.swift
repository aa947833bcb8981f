import Logging
import PostgresNIO

extension PostgresConnection {
    /// Runs a statement whose answer is not needed and reads that answer to the end. A `SELECT` of a function
    /// (a lock, a notification, a setting) sends its row description before it runs, so its error (a lock wait
    /// that ran out) reaches only a caller that reads the rows; discarding the sequence would drop it.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }
}

extension PostgresClient {
    /// ``PostgresConnection/run(_:logger:)`` on a pooled connection.
    func run(_ query: PostgresQuery, logger: Logger) async throws {
        for try await _ in try await self.query(query, logger: logger) {}
    }
}
