import Foundation
import GRDB
import ScimifyCore

/// Claude's state of one person as the mirror holds it: the member's role, else the pending invite's.
public struct MirroredPerson: Sendable, Equatable {
    public enum Kind: String, Sendable { case member, pendingInvite = "pending invite" }
    public var role: ClaudeRole
    public var kind: Kind
    public var id: String
}

extension ScimifyDatabase {
    /// What Claude has for `email` per the mirror: `nil` when the instance has no mirror yet or the mirror
    /// has neither a member nor an unexpired pending invite for it (callers then ask Claude itself).
    public func claudeState(instanceID: Int64, email: String, now: Date = Date()) throws -> MirroredPerson? {
        try writer.read { db in try Self.mirroredPeople(instanceID: instanceID, emails: [email], now: now, db)?[EmailAddress.key(email)] }
    }

    /// ``claudeState(instanceID:email:now:)`` of every person in the mirror (or of `emails`), keyed by
    /// ``EmailAddress/key(_:)``; `nil` before the first refresh.
    public func mirroredPeople(instanceID: Int64, emails: [String]? = nil, now: Date = Date()) throws -> [String: MirroredPerson]? {
        try writer.read { db in try Self.mirroredPeople(instanceID: instanceID, emails: emails, now: now, db) }
    }

    static func mirroredPeople(instanceID: Int64, emails: [String]?, now: Date, _ db: Database) throws -> [String: MirroredPerson]? {
        guard try Bool.fetchOne(db, sql: "SELECT 1 FROM mirror_state WHERE instance_id = ?", arguments: [instanceID]) == true
        else { return nil }
        var filter = ""
        var arguments: [any DatabaseValueConvertible] = [instanceID]
        if let emails {
            if emails.isEmpty { return [:] }
            filter = " AND lower(email) IN (\(Array(repeating: "?", count: emails.count).joined(separator: ",")))"
            arguments += emails.map(EmailAddress.key)
        }
        var people: [String: MirroredPerson] = [:]
        let invites = try Row.fetchCursor(
            db, sql: "SELECT id, email, role FROM mirror_invite WHERE instance_id = ? AND status = 'pending' AND expires_at > ?"
                + filter + " ORDER BY invited_at",
            arguments: StatementArguments([arguments[0], now.timeIntervalSince1970] + arguments.dropFirst()))
        while let row = try invites.next() {
            people[EmailAddress.key(row[1])] = MirroredPerson(role: ClaudeRole(rawValue: row[2]), kind: .pendingInvite, id: row[0])
        }
        let members = try Row.fetchCursor(
            db, sql: "SELECT id, email, role FROM mirror_member WHERE instance_id = ?" + filter, arguments: StatementArguments(arguments))
        while let row = try members.next() {
            people[EmailAddress.key(row[1])] = MirroredPerson(role: ClaudeRole(rawValue: row[2]), kind: .member, id: row[0])
        }
        return people
    }
}
