import Logging
import PostgresNIO

/// A change one replica tells the others about through the database.
public enum StoreChange: Sendable, Equatable {
    /// An instance's SCIM token was rotated: drop its cached token hash now, not when the cache ages out.
    case tokenRotated(instanceID: Int64)
    /// An instance's settings (mode, guard, URL) changed or it was removed: drop what was cached of it.
    case instanceChanged(instanceID: Int64)
    /// Intents of an instance were begun or reopened: an intent worker may look.
    case intentsChanged(instanceID: Int64)
    /// Members, invites or records of an instance changed: consoles reload.
    case dataChanged(instanceID: Int64)
    /// The feed is listening (first, and again after a reconnect): changes announced while it was not were
    /// missed, so drop every cache as if everything had changed.
    case resynchronize

    /// The `NOTIFY` payload: `token-rotated 12`.
    var payload: String? {
        switch self {
        case .tokenRotated(let id): "token-rotated \(id)"
        case .instanceChanged(let id): "instance-changed \(id)"
        case .intentsChanged(let id): "intents-changed \(id)"
        case .dataChanged(let id): "data-changed \(id)"
        case .resynchronize: nil
        }
    }

    /// A payload read back; anything else (another version's kinds) is `nil` and ignored.
    init?(payload: String) {
        let parts = payload.split(separator: " ")
        guard parts.count == 2, let id = Int64(parts[1]) else { return nil }
        switch parts[0] {
        case "token-rotated": self = .tokenRotated(instanceID: id)
        case "instance-changed": self = .instanceChanged(instanceID: id)
        case "intents-changed": self = .intentsChanged(instanceID: id)
        case "data-changed": self = .dataChanged(instanceID: id)
        default: return nil
        }
    }
}

/// Every replica's changes on one `LISTEN`/`NOTIFY` channel of the shared database. ``announce(_:)`` inside
/// a transaction is delivered when it commits (never if it rolls back); ``follow(_:)`` holds one pooled
/// connection for as long as it listens and reconnects after a lost connection, starting again with
/// ``StoreChange/resynchronize``.
public struct PostgresChangeFeed: Sendable {
    static let channel = "scimify_changes"
    let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    /// Tells every replica (this one included) about `change`.
    public func announce(_ change: StoreChange) async throws {
        guard let payload = change.payload else { return }
        try await pool.client.run("SELECT pg_notify(\(Self.channel), \(payload))", logger: pool.logger)
    }

    /// Calls `body` with each change until the task is cancelled.
    /// - Parameter retryDelay: the pause before listening again after the connection was lost.
    public func follow(retryDelay: Duration = .seconds(1), _ body: @Sendable (StoreChange) async -> Void) async {
        while !Task.isCancelled {
            do {
                try await pool.client.withConnection { connection in
                    try await connection.listen(on: Self.channel) { notifications in
                        await body(.resynchronize)
                        for try await notification in notifications {
                            if let change = StoreChange(payload: notification.payload) { await body(change) }
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                pool.logger.warning(
                    "the change feed lost its connection; listening again",
                    metadata: ["error": "\(String(reflecting: type(of: error)))"])
            }
            try? await Task.sleep(for: retryDelay)
        }
    }
}
