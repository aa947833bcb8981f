import Foundation
import GRDB
import ScimifyCore
import ScimifyStorage

extension ScimifyDatabase {
    /// The last refresh's copy of an instance's members and invites, with its time (`nil` before any refresh).
    public func mirror(instanceID: Int64) throws -> (members: [Member], invites: [Invite], refreshedAt: Date)? {
        try writer.read { db in try Self.readMirror(instanceID: instanceID, db) }
    }

    static func readMirror(instanceID: Int64, _ db: Database) throws -> (
        members: [Member], invites: [Invite], refreshedAt: Date
    )? {
        guard
            let refreshed = try Double.fetchOne(
                db, sql: "SELECT refreshed_at FROM mirror_state WHERE instance_id = ?", arguments: [instanceID])
        else { return nil }
        // Columns by position: name lookups per row dominate reading 100,000 rows.
        let members = try Row.fetchCursor(
            db,
            sql:
                "SELECT id, email, name, role, added_at FROM mirror_member WHERE instance_id = ? ORDER BY added_at DESC, id",
            arguments: [instanceID]
        )
        var memberList: [Member] = []
        while let row = try members.next() {
            memberList.append(
                Member(
                    id: row[0], email: row[1], name: row[2], role: ClaudeRole(rawValue: row[3]),
                    addedAt: Date(timeIntervalSince1970: row[4]))
            )
        }
        let invites = try Row.fetchCursor(
            db,
            sql: """
                SELECT id, email, role, status, invited_at, expires_at, accepted_at FROM mirror_invite
                WHERE instance_id = ? ORDER BY invited_at DESC, id
                """,
            arguments: [instanceID]
        )
        var inviteList: [Invite] = []
        while let row = try invites.next() {
            let accepted: Double? = row[6]
            inviteList.append(
                Invite(
                    id: row[0], email: row[1], role: ClaudeRole(rawValue: row[2]),
                    status: InviteStatus(rawValue: row[3]), invitedAt: Date(timeIntervalSince1970: row[4]),
                    expiresAt: Date(timeIntervalSince1970: row[5]),
                    acceptedAt: accepted.map(Date.init(timeIntervalSince1970:)))
            )
        }
        return (memberList, inviteList, Date(timeIntervalSince1970: refreshed))
    }

    /// When the instance was last refreshed.
    public func lastRefresh(instanceID: Int64) throws -> Date? {
        try writer.read { db in
            try Double.fetchOne(
                db, sql: "SELECT refreshed_at FROM mirror_state WHERE instance_id = ?", arguments: [instanceID]
            )
            .map(Date.init(timeIntervalSince1970:))
        }
    }
}

extension ScimifyDatabase: MirrorStore {
    public func mirrorPipeline(instanceID: Int64) -> (any MirrorRefreshPipeline)? {
        SQLiteRefreshPipeline(instanceID: instanceID, database: self)
    }

    public func replaceMirror(
        instanceID: Int64, members: [Member], invites: [Invite], at now: Date, baseline: (any MirrorBaseline)?,
        audit: (@Sendable (RefreshReport) -> AuditEvent)?
    ) async throws -> RefreshReport {
        let started = ContinuousClock.now
        let pipeline = (baseline as? SQLiteRefreshPipeline).flatMap { $0.instanceID == instanceID ? $0 : nil }
        return try await writer.write { [commits] db in
            // The pipeline's work stands only if nothing was committed since its read and its pages are the
            // listing; otherwise everything is read and compared here.
            let stamp = try DatabaseStamp.current(db, counter: commits)
            var comparison: MirrorComparison
            var plan: RecordLinkPlan
            if var work = pipeline?.takeWork(), work.snapshot.stamp == stamp,
                work.memberRows == members.count, work.inviteRows == invites.count,
                work.comparison.memberCount == members.count, work.comparison.inviteCount == invites.count
            {
                work.comparison.finish(members: members)
                work.plan.finish(invites: invites)
                pipeline?.markUsed()
                (comparison, plan) = (work.comparison, work.plan)
            } else {
                let previous = try Self.readMirror(instanceID: instanceID, db)
                comparison = MirrorComparison(
                    old: previous.map { ($0.members, $0.invites) }, members: members, invites: invites)
                plan = RecordLinkPlan(existing: try RecordLinker.readLinks(instanceID: instanceID, db))
                plan.add(members: members)
                plan.finish(invites: invites)
            }
            let write = RefreshWritePlan(
                comparison: comparison, links: plan, members: members.count, invites: invites, now: now)
            var counts = RecordLinkPlan.Counts()
            var report: RefreshReport?
            for step in write.steps {
                switch step {
                case .writeMirrorRows: try Self.writeMirrorRows(comparison, instanceID: instanceID, db)
                case .setMirrorState(let refreshedAt, let memberCount, let inviteCount):
                    try db.execute(
                        sql: """
                            INSERT OR REPLACE INTO mirror_state (instance_id, refreshed_at, member_count, invite_count)
                            VALUES (?, ?, ?, ?)
                            """,
                        arguments: [instanceID, refreshedAt.timeIntervalSince1970, memberCount, inviteCount])
                case .linkRecords: counts = try RecordLinker(instanceID: instanceID, now: now, db: db).write(plan)
                case .confirmChanges(let before):
                    try db.execute(
                        sql: "DELETE FROM email_unconfirmed WHERE instance_id = ? AND since < ?",
                        arguments: [instanceID, before.timeIntervalSince1970])
                case .appendAudit:
                    let elapsed = started.duration(to: .now)
                    let done = write.report(
                        links: counts,
                        writeSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                    )
                    report = done
                    if let audit { try Self.insertAudit(audit(done), db) }
                }
            }
            guard let report else { throw StoreError("the refresh's report was not made") }
            return report
        }
    }

    /// Writes only what changed: a steady-state refresh of 10,000 unchanged members writes no mirror row.
    private static func writeMirrorRows(_ comparison: MirrorComparison, instanceID: Int64, _ db: Database) throws {
        let deleteMember = try db.makeStatement(sql: "DELETE FROM mirror_member WHERE instance_id = ? AND id = ?")
        for id in comparison.memberIDsToDelete { try deleteMember.execute(arguments: [instanceID, id]) }
        let deleteInvite = try db.makeStatement(sql: "DELETE FROM mirror_invite WHERE instance_id = ? AND id = ?")
        for id in comparison.inviteIDsToDelete { try deleteInvite.execute(arguments: [instanceID, id]) }
        let insertMember = try db.makeStatement(
            sql:
                "INSERT OR REPLACE INTO mirror_member (instance_id, id, email, name, role, added_at) VALUES (?, ?, ?, ?, ?, ?)"
        )
        for member in comparison.membersToWrite {
            try insertMember.execute(arguments: [
                instanceID, member.id, member.email, member.name, member.role.rawValue,
                member.addedAt.timeIntervalSince1970,
            ])
        }
        let insertInvite = try db.makeStatement(
            sql: """
                INSERT OR REPLACE INTO mirror_invite
                    (instance_id, id, email, role, status, invited_at, expires_at, accepted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """
        )
        for invite in comparison.invitesToWrite {
            try insertInvite.execute(arguments: [
                instanceID, invite.id, invite.email, invite.role.rawValue, invite.status.rawValue,
                invite.invitedAt.timeIntervalSince1970, invite.expiresAt.timeIntervalSince1970,
                invite.acceptedAt?.timeIntervalSince1970,
            ])
        }
    }
}

extension ScimifyDatabase {
    public func mirrorPreview(instanceID: Int64, limit: Int) throws -> MirrorPreview? {
        try writer.read { db in
            guard
                let state = try Row.fetchOne(
                    db, sql: "SELECT refreshed_at, member_count FROM mirror_state WHERE instance_id = ?",
                    arguments: [instanceID])
            else { return nil }
            let members = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, email, name, role, added_at FROM mirror_member
                    WHERE instance_id = ? ORDER BY lower(email), id LIMIT ?
                    """,
                arguments: [instanceID, limit]
            ).map {
                Member(
                    id: $0[0], email: $0[1], name: $0[2], role: ClaudeRole(rawValue: $0[3]),
                    addedAt: Date(timeIntervalSince1970: $0[4]))
            }
            let invites = try Row.fetchAll(
                db,
                sql: """
                    SELECT id, email, role, status, invited_at, expires_at, accepted_at FROM mirror_invite
                    WHERE instance_id = ? ORDER BY invited_at DESC, id LIMIT ?
                    """,
                arguments: [instanceID, limit]
            ).map { row -> Invite in
                let accepted: Double? = row[6]
                return Invite(
                    id: row[0], email: row[1], role: ClaudeRole(rawValue: row[2]),
                    status: InviteStatus(rawValue: row[3]),
                    invitedAt: Date(timeIntervalSince1970: row[4]), expiresAt: Date(timeIntervalSince1970: row[5]),
                    acceptedAt: accepted.map(Date.init(timeIntervalSince1970:)))
            }
            let pending =
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT count(*) FROM mirror_invite WHERE instance_id = ? AND status = 'pending' AND expires_at > ?",
                    arguments: [instanceID, Date().timeIntervalSince1970]) ?? 0
            let keys = (members.map(\.email) + invites.map(\.email)).map(EmailAddress.key)
            let managed = try Self.managedEmailKeys(instanceID: instanceID, among: keys, db)
            return MirrorPreview(
                members: members, invites: invites, managedEmails: managed,
                refreshedAt: Date(timeIntervalSince1970: state[0]), memberCount: state[1], pendingInviteCount: pending)
        }
    }
}
