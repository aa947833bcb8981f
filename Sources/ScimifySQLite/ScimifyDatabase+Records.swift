import Foundation
import GRDB
import ScimifyCore
import ScimifyStorage

extension ScimifyDatabase {
    /// Every SCIM record of an instance, by userName.
    public func records(instanceID: Int64) throws -> [ScimRecord] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT \(Self.recordColumns) FROM scim_record WHERE instance_id = ? ORDER BY user_name_key, id",
                arguments: [instanceID]
            )
            .map(Self.record)
        }
    }

    /// Records of an instance in stable SCIM order (creation time, then id), optionally one page of them.
    public func orderedRecords(instanceID: Int64) throws -> [ScimRecord] {
        try writer.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT \(Self.recordColumns) FROM scim_record WHERE instance_id = ? ORDER BY created_at, id",
                arguments: [instanceID]
            ).map(Self.record)
        }
    }

    /// The record with this SCIM id in this instance.
    public func record(instanceID: Int64, id: String) throws -> ScimRecord? {
        try writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.recordColumns) FROM scim_record WHERE instance_id = ? AND id = ?",
                arguments: [instanceID, StoredText.storable(id)]
            )
            .map(Self.record)
        }
    }

    /// The record whose userName matches `email` case-insensitively.
    public func record(instanceID: Int64, userName: String) throws -> ScimRecord? {
        try writer.read { db in try Self.fetchRecord(instanceID: instanceID, userName: userName, db) }
    }

    /// Inserts or replaces a record (matched by id), bumping its version.
    public func saveRecord(_ record: ScimRecord) throws {
        try writeTranslatingErrors { db in try Self.upsert(record, db) }
    }

    /// The record of the person Claude knows by `email` (its provisioned address, else its userName).
    public func record(instanceID: Int64, email: String) throws -> ScimRecord? {
        try writer.read { db in try Self.fetchRecord(instanceID: instanceID, email: email, db) }
    }

    static func fetchRecord(instanceID: Int64, email: String, _ db: Database) throws -> ScimRecord? {
        let statement = try db.cachedStatement(
            sql: "SELECT \(Self.recordColumns) FROM scim_record WHERE instance_id = ? AND email_key = ? LIMIT 1")
        return try Row.fetchOne(statement, arguments: [instanceID, StoredText.key(email)]).map(record)
    }

    static func fetchRecord(instanceID: Int64, userName: String, _ db: Database) throws -> ScimRecord? {
        // A cached statement: this is the hot path of SCIM `userName eq` filters.
        let statement = try db.cachedStatement(
            sql: "SELECT \(Self.recordColumns) FROM scim_record WHERE instance_id = ? AND user_name_key = ?")
        return try Row.fetchOne(statement, arguments: [instanceID, StoredText.key(userName)]).map(record)
    }

    static func upsert(_ record: ScimRecord, _ db: Database) throws {
        let record = StoredText.storable(record)
        let emails = try StoredEmailList.encode(record.emails)
        try db.execute(
            sql: """
                INSERT INTO scim_record
                    (id, instance_id, user_name, user_name_key, external_id, given_name, family_name, display_name,
                     emails, active, requested_role, member_id, invite_id, removed_outside, source, created_at,
                     updated_at, version, resource, email_key, provisioned_email, pushed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET
                    user_name = excluded.user_name, user_name_key = excluded.user_name_key,
                    external_id = excluded.external_id, given_name = excluded.given_name,
                    family_name = excluded.family_name, display_name = excluded.display_name, emails = excluded.emails,
                    active = excluded.active, requested_role = excluded.requested_role,
                    member_id = excluded.member_id, invite_id = excluded.invite_id,
                    removed_outside = excluded.removed_outside, updated_at = excluded.updated_at,
                    resource = excluded.resource, email_key = excluded.email_key,
                    provisioned_email = excluded.provisioned_email,
                    pushed_at = coalesce(excluded.pushed_at, scim_record.pushed_at), version = scim_record.version + 1
                """,
            arguments: [
                record.id, record.instanceID, record.userName, StoredText.key(record.userName), record.externalID,
                record.givenName, record.familyName, record.displayName, emails, record.active,
                record.requestedRole?.rawValue, record.memberID, record.inviteID, record.removedOutside,
                record.source.rawValue, record.createdAt.timeIntervalSince1970, record.updatedAt.timeIntervalSince1970,
                record.version, record.resource, StoredText.key(record.email), record.provisionedEmail,
                record.pushedByIdPAt?.timeIntervalSince1970,
            ]
        )
    }

    /// The columns ``record(_:)`` reads, in its order (by position: name lookups dominate the filter's read).
    static let recordColumns = """
        id, instance_id, user_name, external_id, given_name, family_name, display_name, emails, active,
        requested_role, member_id, invite_id, removed_outside, source, created_at, updated_at, version, resource,
        provisioned_email, pushed_at
        """

    /// A record from a row selected with ``recordColumns``.
    static func record(_ row: Row) -> ScimRecord {
        let role: String? = row[9]
        return ScimRecord(
            id: row[0],
            instanceID: row[1],
            userName: row[2],
            externalID: row[3],
            givenName: row[4],
            familyName: row[5],
            displayName: row[6],
            emails: StoredEmailList.decode(row[7]),
            active: row[8],
            requestedRole: role.map(ClaudeRole.init(rawValue:)),
            memberID: row[10],
            inviteID: row[11],
            removedOutside: row[12],
            source: ScimRecord.Source(rawValue: row[13]) ?? .import,
            createdAt: Date(timeIntervalSince1970: row[14]),
            updatedAt: Date(timeIntervalSince1970: row[15]),
            version: row[16],
            resource: row[17],
            provisionedEmail: row[18],
            pushedByIdPAt: (row[19] as Double?).map(Date.init(timeIntervalSince1970:))
        )
    }
}

extension ScimifyDatabase {
    /// Email keys (``EmailAddress/key(_:)``) of the instance's active records that an IdP pushed (a SCIM request
    /// created or updated them; the console's "pushed by the IdP"); records imported by refresh and never
    /// claimed by an IdP are not among them.
    public func managedEmails(instanceID: Int64) throws -> Set<String> {
        try writer.read { db in try Self.managedEmailKeys(instanceID: instanceID, among: nil, db) }
    }

    /// ``managedEmails(instanceID:)`` in a read, limited to `keys` when given (one query either way).
    static func managedEmailKeys(instanceID: Int64, among keys: [String]?, _ db: Database) throws -> Set<String> {
        var sql = """
            SELECT email_key FROM scim_record
            WHERE instance_id = ? AND active = 1 AND pushed_at IS NOT NULL
            """
        var arguments: [any DatabaseValueConvertible] = [instanceID]
        if let keys {
            if keys.isEmpty { return [] }
            sql += " AND email_key IN (\(Array(repeating: "?", count: keys.count).joined(separator: ",")))"
            arguments += keys
        }
        var found = Set<String>()
        let cursor = try String.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
        while let key = try cursor.next() { found.insert(key) }
        return found
    }
}
