import Foundation
import PostgresNIO
import ScimifyCore
import ScimifyStorage

extension PostgresInstanceStore {
    /// The instance with this slug (or display name, case-insensitively), the slug winning a tie.
    public func instance(named name: String) async throws -> Instance? {
        try await read(
            """
            SELECT \(unescaped: Self.columns) FROM scimify_instance WHERE slug = \(name) OR lower(name) = lower(\(name))
            ORDER BY slug = \(name) DESC, id LIMIT 1
            """
        ).first?.instance
    }

    /// Changes one setting and writes its audit row in one transaction; the change feed tells every replica.
    public func changeSetting(_ setting: InstanceSetting, of instance: Instance, actor: String, at: Date)
        async throws
    {
        let id = instance.id
        let query: PostgresQuery =
            switch setting {
            case .mode(let mode): "UPDATE scimify_instance SET mode = \(mode.rawValue) WHERE id = \(id)"
            case .removalGuard(let policy):
                """
                UPDATE scimify_instance SET guard_max_removals = \(policy.maxRemovals),
                    guard_window_minutes = \(policy.windowMinutes) WHERE id = \(id)
                """
            case .headerColor(let color):
                "UPDATE scimify_instance SET header_color = \(color.rawValue) WHERE id = \(id)"
            case .offboardingKeys(let policy):
                "UPDATE scimify_instance SET offboarding_keys = \(policy.rawValue) WHERE id = \(id)"
            }
        try await update(instance, query, audit: setting.audit(of: instance, actor: actor, at: at))
    }

    /// Removes an instance with its records, mirror, intents, guard state and dismissals (audit rows stay).
    public func removeInstance(_ instance: Instance, audit: AuditEvent? = nil) async throws {
        let id = instance.id
        let payload = StoreChange.instanceChanged(instanceID: id).payload ?? ""
        try await pool.client.transaction(logger: pool.logger) { connection in
            // Tables without a foreign key to the instance (they came first) are cleared by hand.
            try await connection.query("DELETE FROM scimify_intent WHERE instance_id = \(id)", logger: pool.logger)
            try await connection.query(
                "DELETE FROM scimify_email_generation WHERE instance_id = \(id)", logger: pool.logger)
            try await connection.query(
                "DELETE FROM scimify_removal_slot WHERE instance_id = \(id)", logger: pool.logger)
            try await connection.query(
                "DELETE FROM scimify_held_removal WHERE instance_id = \(id)", logger: pool.logger)
            try await connection.query(
                "DELETE FROM scimify_email_unconfirmed WHERE instance_id = \(id)", logger: pool.logger)
            try await connection.query(
                "DELETE FROM scimify_problem_dismissal WHERE instance_id = \(id)", logger: pool.logger)
            try await connection.query("DELETE FROM scimify_instance WHERE id = \(id)", logger: pool.logger)
            if let audit { try await PostgresAuditLog.insert(audit, connection, pool.logger) }
            try await connection.run(
                "SELECT pg_notify(\(PostgresChangeFeed.channel), \(payload))", logger: pool.logger)
        }
    }

    /// Runs one update of the instance row and tells every replica, in one transaction.
    private func update(_ instance: Instance, _ query: PostgresQuery, audit: AuditEvent) async throws {
        let payload = StoreChange.instanceChanged(instanceID: instance.id).payload ?? ""
        try await pool.client.transaction(logger: pool.logger) { connection in
            try await connection.query(query, logger: pool.logger)
            try await PostgresAuditLog.insert(audit, connection, pool.logger)
            try await connection.run(
                "SELECT pg_notify(\(PostgresChangeFeed.channel), \(payload))", logger: pool.logger)
        }
    }
}
