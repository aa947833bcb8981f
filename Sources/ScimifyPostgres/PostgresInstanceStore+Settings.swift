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

    public func setMode(_ mode: Instance.Mode, of instance: Instance) async throws {
        try await update(instance, "UPDATE scimify_instance SET mode = \(mode.rawValue) WHERE id = \(instance.id)")
    }

    /// Sets the mass-removal guard (`maxRemovals` 0 turns it off).
    public func setRemovalGuard(of instance: Instance, _ policy: RemovalGuardPolicy) async throws {
        try await update(
            instance,
            """
            UPDATE scimify_instance SET guard_max_removals = \(policy.maxRemovals),
                guard_window_minutes = \(policy.windowMinutes) WHERE id = \(instance.id)
            """)
    }

    public func setHeaderColor(of instance: Instance, _ color: Instance.HeaderColor) async throws {
        try await update(
            instance, "UPDATE scimify_instance SET header_color = \(color.rawValue) WHERE id = \(instance.id)")
    }

    public func setOffboardingKeys(of instance: Instance, _ policy: Instance.OffboardingKeyPolicy) async throws {
        try await update(
            instance, "UPDATE scimify_instance SET offboarding_keys = \(policy.rawValue) WHERE id = \(instance.id)")
    }

    /// Removes an instance with its records, mirror, intents, guard state and dismissals (audit rows stay).
    public func removeInstance(_ instance: Instance) async throws {
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
            try await connection.run(
                "SELECT pg_notify(\(PostgresChangeFeed.channel), \(payload))", logger: pool.logger)
        }
    }

    /// Runs one update of the instance row and tells every replica, in one transaction.
    private func update(_ instance: Instance, _ query: PostgresQuery) async throws {
        let payload = StoreChange.instanceChanged(instanceID: instance.id).payload ?? ""
        try await pool.client.transaction(logger: pool.logger) { connection in
            try await connection.query(query, logger: pool.logger)
            try await connection.run(
                "SELECT pg_notify(\(PostgresChangeFeed.channel), \(payload))", logger: pool.logger)
        }
    }
}
