import Foundation
import GRDB
import ScimifyCore
import ScimifyStorage

extension ScimifyDatabase {
    /// What Claude has for `email` per the mirror: `nil` when the instance has no mirror yet or the mirror
    /// has neither a member nor an unexpired pending invite for it (callers then ask Claude itself).
    public func claudeState(instanceID: Int64, email: String, now: Date = Date()) throws -> MirroredPerson? {
        try writer.read { db in try Self.claudeState(instanceID: instanceID, email: email, now: now, db) }
    }

    /// The record whose userName is `userName` with what the mirror says Claude has for its address, in one
    /// read (the SCIM `userName eq` filter IdPs send before every change).
    public func recordWithClaudeState(instanceID: Int64, userName: String, now: Date = Date()) throws -> (
        record: ScimRecord, claude: MirroredPerson?
    )? {
        try writer.read { db in
            guard let record = try Self.fetchRecord(instanceID: instanceID, userName: userName, db) else { return nil }
            return (record, try Self.claudeState(instanceID: instanceID, email: record.email, now: now, db))
        }
    }

    static func claudeState(instanceID: Int64, email: String, now: Date, _ db: Database) throws -> MirroredPerson? {
        // The hot path of SCIM `userName eq` reads: two indexed point lookups, no union to sort.
        let key = StoredText.key(email)
        let member = try db.cachedStatement(
            sql: "SELECT id, role FROM mirror_member WHERE instance_id = ? AND lower(email) = ? LIMIT 1")
        if let row = try Row.fetchOne(member, arguments: [instanceID, key]) {
            return MirroredPerson(role: ClaudeRole(rawValue: row[1]), kind: .member, id: row[0])
        }
        let invite = try db.cachedStatement(
            sql:
                "SELECT id, role FROM mirror_invite WHERE instance_id = ? AND lower(email) = ? AND status = 'pending' "
                + "AND expires_at > ? ORDER BY invited_at DESC, id DESC LIMIT 1")
        return try Row.fetchOne(invite, arguments: [instanceID, key, now.timeIntervalSince1970]).map {
            MirroredPerson(role: ClaudeRole(rawValue: $0[1]), kind: .pendingInvite, id: $0[0])
        }
    }

    /// ``claudeState(instanceID:email:now:)`` of every person in the mirror (or of `emails`), keyed by
    /// ``EmailAddress/key(_:)``; empty before the first refresh.
    public func mirroredPeople(instanceID: Int64, emails: [String]? = nil, now: Date = Date()) throws -> [String:
        MirroredPerson]
    {
        try writer.read { db in try Self.mirroredPeople(instanceID: instanceID, emails: emails, now: now, db) }
    }

    /// One query over both tables (the hot path of SCIM reads: one indexed lookup per listed person); a
    /// member wins over a pending invite of the same address.
    static func mirroredPeople(instanceID: Int64, emails: [String]?, now: Date, _ db: Database) throws -> [String:
        MirroredPerson]
    {
        var filter = ""
        var keys: [any DatabaseValueConvertible] = []
        if let emails {
            if emails.isEmpty { return [:] }
            filter = " AND lower(email) IN (\(Array(repeating: "?", count: emails.count).joined(separator: ",")))"
            keys = emails.map(EmailAddress.key)
        }
        let sql =
            "SELECT 0, id, email, role, invited_at FROM mirror_invite WHERE instance_id = ? AND status = 'pending' AND expires_at > ?"
            + filter + " UNION ALL SELECT 1, id, email, role, 0 FROM mirror_member WHERE instance_id = ?" + filter
            + " ORDER BY 1, 5, 2"
        let arguments: [any DatabaseValueConvertible] =
            [instanceID, now.timeIntervalSince1970] + keys + [instanceID] + keys
        var people: [String: MirroredPerson] = [:]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: sql), arguments: StatementArguments(arguments))
        while let row = try rows.next() {
            let isMember: Bool = row[0]
            people[StoredText.key(row[2])] = MirroredPerson(
                role: ClaudeRole(rawValue: row[3]), kind: isMember ? .member : .pendingInvite, id: row[1])
        }
        return people
    }
}
