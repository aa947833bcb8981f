import Foundation
import GRDB
import ScimifyCore
import ScimifyStorage

extension ScimifyDatabase {
    /// Adds an instance with its Admin API key (encrypted) and a new SCIM token (hashed).
    /// - Throws: ``StoreError`` for a duplicate or invalid slug.
    public func addInstance(
        name: String, slug: String? = nil, apiBaseURL: String, apiKey: String, mode: Instance.Mode, now: Date = Date(),
        audit: AuditEvent? = nil
    )
        throws -> CreatedInstance
    {
        let plan = try NewInstancePlan(name: name, slug: slug)
        let sealed = try secrets.seal(apiKey)
        let id: Int64 = try writeTranslatingErrors { db in
            if try Row.fetchOne(db, sql: "SELECT 1 FROM instance WHERE slug = ?", arguments: [plan.slug]) != nil {
                throw plan.duplicate
            }
            try db.execute(
                sql: """
                    INSERT INTO instance (slug, name, api_base_url, key_sealed, scim_token_hash, mode, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    plan.slug, StoredText.storable(name), apiBaseURL, sealed, plan.tokenHash, mode.rawValue,
                    now.timeIntervalSince1970,
                ]
            )
            let id = db.lastInsertedRowID
            if let audit {
                let made = plan.created(
                    id: id, name: StoredText.storable(name), apiBaseURL: apiBaseURL, mode: mode, now: now)
                try Self.insertAudit(audit.about(made.instance), db)
            }
            return id
        }
        return plan.created(id: id, name: StoredText.storable(name), apiBaseURL: apiBaseURL, mode: mode, now: now)
    }

    /// Every instance, oldest first.
    public func instances() throws -> [Instance] {
        try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM instance ORDER BY id").map(Self.instance)
        }
    }

    /// The instance with this slug (or display name, case-insensitively).
    public func instance(named name: String) throws -> Instance? {
        try writer.read { db in
            try Row.fetchOne(
                db,
                sql:
                    "SELECT * FROM instance WHERE slug = ? OR lower(name) = lower(?) ORDER BY slug = ? DESC, id LIMIT 1",
                arguments: [name, name, name]
            ).map(Self.instance)
        }
    }

    /// The decrypted Admin API key of an instance (for building its client; never logged).
    public func apiKey(of instance: Instance) throws -> String {
        let sealed = try writer.read { db in
            try Data.fetchOne(db, sql: "SELECT key_sealed FROM instance WHERE id = ?", arguments: [instance.id])
        }
        guard let sealed else { throw StoreError("instance \(instance.slug) no longer exists") }
        return try secrets.open(sealed)
    }

    /// Replaces the SCIM token; the old one stops working at once.
    /// - Returns: the new token, to show once.
    public func rotateToken(of instance: Instance, audit: AuditEvent? = nil) throws -> String {
        let token = SecretBox.newToken()
        try writeTranslatingErrors { db in
            try db.execute(
                sql: "UPDATE instance SET scim_token_hash = ? WHERE id = ?",
                arguments: [SecretBox.hash(token: token), instance.id]
            )
            if let audit { try Self.insertAudit(audit, db) }
        }
        return token
    }

    /// An instance by exact slug with its stored SCIM token hash, for servers that cache authentication.
    public func instanceForAuthentication(slug: String) throws -> (instance: Instance, tokenHash: Data)? {
        try writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM instance WHERE slug = ?", arguments: [slug]) else {
                return nil
            }
            return (Self.instance(row), row["scim_token_hash"])
        }
    }

    /// Changes one setting of an instance and writes its audit row in the same transaction.
    public func changeSetting(_ setting: InstanceSetting, of instance: Instance, actor: String, at: Date) throws {
        try writeTranslatingErrors { db in
            switch setting {
            case .mode(let mode):
                try db.execute(
                    sql: "UPDATE instance SET mode = ? WHERE id = ?", arguments: [mode.rawValue, instance.id])
            case .removalGuard(let policy):
                try db.execute(
                    sql: "UPDATE instance SET guard_max_removals = ?, guard_window_minutes = ? WHERE id = ?",
                    arguments: [policy.maxRemovals, policy.windowMinutes, instance.id])
            case .headerColor(let color):
                try db.execute(
                    sql: "UPDATE instance SET header_color = ? WHERE id = ?", arguments: [color.rawValue, instance.id])
            case .offboardingKeys(let policy):
                try db.execute(
                    sql: "UPDATE instance SET offboarding_keys = ? WHERE id = ?",
                    arguments: [policy.rawValue, instance.id])
            }
            try Self.insertAudit(setting.audit(of: instance, actor: actor, at: at), db)
        }
    }

    /// Removes an instance with its records, mirror and intents (its audit rows stay).
    public func removeInstance(_ instance: Instance, audit: AuditEvent? = nil) throws {
        try writeTranslatingErrors { db in
            try db.execute(sql: "DELETE FROM instance WHERE id = ?", arguments: [instance.id])
            if let audit { try Self.insertAudit(audit, db) }
        }
    }

    static func instance(_ row: Row) -> Instance {
        Instance(
            id: row["id"],
            slug: row["slug"],
            name: row["name"],
            apiBaseURL: row["api_base_url"],
            mode: Instance.Mode(rawValue: row["mode"]) ?? .enforce,
            createdAt: Date(timeIntervalSince1970: row["created_at"]),
            removalGuard: RemovalGuardPolicy(
                maxRemovals: row["guard_max_removals"], windowMinutes: row["guard_window_minutes"]),
            headerColor: Instance.HeaderColor(rawValue: row["header_color"]) ?? .default,
            offboardingKeys: Instance.OffboardingKeyPolicy(rawValue: row["offboarding_keys"]) ?? .report
        )
    }

    /// Runs a write transaction, turning GRDB errors into ``StoreError``s.
    @discardableResult
    func writeTranslatingErrors<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch let error as DatabaseError {
            throw StoreError(
                "database error: \(error.message ?? "\(error.resultCode)")",
                isDuplicate: error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            )
        }
    }

    /// ``writeTranslatingErrors(_:)`` as an async write (the writer's queue, not a concurrency thread, waits).
    func writeTranslatingErrorsAsync<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T
    {
        do {
            return try await writer.write(body)
        } catch let error as DatabaseError {
            throw StoreError(
                "database error: \(error.message ?? "\(error.resultCode)")",
                isDuplicate: error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE
            )
        }
    }
}
