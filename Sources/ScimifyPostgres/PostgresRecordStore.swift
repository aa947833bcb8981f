import Foundation
import Logging
import PostgresNIO
import ScimifyCore
import ScimifyStorage

/// SCIM records in PostgreSQL, with the SQLite store's rules: one record per (instance, userName) compared
/// case-insensitively, found by id, userName or the address Claude knows; every save bumps the version (the
/// ETag), and an IdP's first push time is kept once set.
public struct PostgresRecordStore: Sendable {
    let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    public func record(instanceID: Int64, id: String) async throws -> ScimRecord? {
        try await read(
            "SELECT \(unescaped: Self.columns) FROM scimify_record WHERE instance_id = \(instanceID) AND id = \(StoredText.storable(id))"
        ).first
    }

    /// The record whose userName matches case-insensitively.
    public func record(instanceID: Int64, userName: String) async throws -> ScimRecord? {
        try await read(
            """
            SELECT \(unescaped: Self.columns) FROM scimify_record
            WHERE instance_id = \(instanceID) AND user_name_key = \(StoredText.key(userName))
            """
        ).first
    }

    /// The record of the person Claude knows by `email` (its provisioned address, else its userName).
    public func record(instanceID: Int64, email: String) async throws -> ScimRecord? {
        try await read(
            """
            SELECT \(unescaped: Self.columns) FROM scimify_record
            WHERE instance_id = \(instanceID) AND email_key = \(StoredText.key(email)) LIMIT 1
            """
        ).first
    }

    /// Records of an instance in stable SCIM order (creation time, then id).
    public func orderedRecords(instanceID: Int64) async throws -> [ScimRecord] {
        try await read(
            """
            SELECT \(unescaped: Self.columns) FROM scimify_record WHERE instance_id = \(instanceID)
            ORDER BY created_at, id
            """)
    }

    /// Inserts or replaces a record (matched by id), bumping its version.
    /// - Throws: ``StoreError`` with `isDuplicate` when another record of the instance has the userName.
    public func saveRecord(_ record: ScimRecord) async throws {
        try await pool.client.withConnection { connection in
            try await Self.upsert(record, connection, pool.logger)
        }
    }

    /// ``saveRecord(_:)`` on `connection` (inside the caller's transaction).
    static func upsert(_ record: ScimRecord, _ connection: PostgresConnection, _ logger: Logger) async throws {
        let record = StoredText.storable(record)
        do {
            try await connection.query(
                """
                INSERT INTO scimify_record
                    (id, instance_id, user_name, user_name_key, external_id, given_name, family_name, display_name,
                     emails, active, requested_role, member_id, invite_id, removed_outside, source, created_at,
                     updated_at, version, resource, email_key, provisioned_email, pushed_at)
                VALUES (\(record.id), \(record.instanceID), \(record.userName), \(StoredText.key(record.userName)),
                    \(record.externalID), \(record.givenName), \(record.familyName), \(record.displayName),
                    \(record.emails), \(record.active), \(record.requestedRole?.rawValue), \(record.memberID),
                    \(record.inviteID), \(record.removedOutside), \(record.source.rawValue),
                    \(record.createdAt.timeIntervalSince1970), \(record.updatedAt.timeIntervalSince1970),
                    \(record.version), \(record.resource), \(StoredText.key(record.email)), \(record.provisionedEmail),
                    \(record.pushedByIdPAt?.timeIntervalSince1970))
                ON CONFLICT (id) DO UPDATE SET
                    user_name = excluded.user_name, user_name_key = excluded.user_name_key,
                    external_id = excluded.external_id, given_name = excluded.given_name,
                    family_name = excluded.family_name, display_name = excluded.display_name, emails = excluded.emails,
                    active = excluded.active, requested_role = excluded.requested_role,
                    member_id = excluded.member_id, invite_id = excluded.invite_id,
                    removed_outside = excluded.removed_outside, updated_at = excluded.updated_at,
                    resource = excluded.resource, email_key = excluded.email_key,
                    provisioned_email = excluded.provisioned_email,
                    pushed_at = coalesce(excluded.pushed_at, scimify_record.pushed_at),
                    version = scimify_record.version + 1
                """, logger: logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw StoreError(
                "a SCIM record with the userName \(SafeText.quoted(record.userName)) already exists", isDuplicate: true)
        }
    }

    static let columns = """
        id, instance_id, user_name, external_id, given_name, family_name, display_name, emails, active,
        requested_role, member_id, invite_id, removed_outside, source, created_at, updated_at, version, resource,
        provisioned_email, pushed_at
        """

    /// The record of the person Claude knows by `email`, read on `connection` (inside the caller's transaction).
    static func record(instanceID: Int64, email: String, _ connection: PostgresConnection, _ logger: Logger)
        async throws -> ScimRecord?
    {
        try await records(
            in: connection.query(
                """
                SELECT \(unescaped: columns) FROM scimify_record
                WHERE instance_id = \(instanceID) AND email_key = \(StoredText.key(email)) LIMIT 1
                """, logger: logger)
        ).first
    }

    private func read(_ query: PostgresQuery) async throws -> [ScimRecord] {
        try await Self.records(in: pool.client.query(query, logger: pool.logger))
    }

    private static func records(in rows: PostgresRowSequence) async throws -> [ScimRecord] {
        var found: [ScimRecord] = []
        for try await row in rows {
            let cells = row.makeRandomAccess()
            let role: String? = try cells.value(9)
            let pushed: Double? = try cells.value(19)
            found.append(
                ScimRecord(
                    id: try cells.value(0), instanceID: try cells.value(1), userName: try cells.value(2),
                    externalID: try cells.value(3),
                    givenName: try cells.value(4), familyName: try cells.value(5), displayName: try cells.value(6),
                    emails: try cells.value(7), active: try cells.value(8),
                    requestedRole: role.map(ClaudeRole.init(rawValue:)),
                    memberID: try cells.value(10), inviteID: try cells.value(11), removedOutside: try cells.value(12),
                    source: ScimRecord.Source(rawValue: try cells.value(13)) ?? .import,
                    createdAt: Date(timeIntervalSince1970: try cells.value(14)),
                    updatedAt: Date(timeIntervalSince1970: try cells.value(15)), version: try cells.value(16),
                    resource: try cells.value(17), provisionedEmail: try cells.value(18),
                    pushedByIdPAt: pushed.map(Date.init(timeIntervalSince1970:))))
        }
        return found
    }
}

extension PostgresRecordStore {
    /// Email keys of the active records the IdP pushed, limited to `keys` when given.
    public func managedEmails(instanceID: Int64, among keys: [String]?) async throws -> Set<String> {
        if let keys, keys.isEmpty { return [] }
        let rows = try await pool.client.query(
            """
            SELECT email_key FROM scimify_record
            WHERE instance_id = \(instanceID) AND active AND pushed_at IS NOT NULL
                AND (\(keys == nil) OR email_key = ANY(\(keys ?? [])))
            """, logger: pool.logger)
        var found = Set<String>()
        for try await key in rows.decode(String.self) { found.insert(key) }
        return found
    }
}
