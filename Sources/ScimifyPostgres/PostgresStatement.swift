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

extension PostgresClient {
    /// `withTransaction`, with the body's own error thrown as it is (rolled back): a ``ScimifyStorage/StoreError``
    /// such as a duplicate userName reaches the caller as the SQLite driver throws it, not wrapped in
    /// `PostgresTransactionError` (the SCIM server answers a duplicate with 409, a store failure with 503).
    func transaction<Result: Sendable>(
        logger: Logger, _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> Result {
        do {
            return try await withTransaction(logger: logger, body)
        } catch let error as PostgresTransactionError {
            if let own = error.closureError, error.rollbackError == nil { throw own }
            throw error
        }
    }
}
