import Foundation
import Logging
import PostgresNIO
import ScimifyCore
import ScimifyStorage

/// Refresh users into PostgreSQL: the core's ``MirrorStore`` (so ``Refresher`` runs on it as it does on SQLite).
/// One transaction under the instance's advisory lock reads the previous mirror and the record links, compares
/// (``MirrorComparison``), writes only what changed with one statement per table (arrays, not a row at a time),
/// links records (``RecordLinkPlan``) and appends the audit row, so two replicas refreshing together write one
/// after the other and every refresh has its audit row. It takes no pipeline: the whole comparison happens in
/// the transaction.
public struct PostgresMirrorStore: MirrorStore {
    let pool: PostgresPool

    public init(pool: PostgresPool) { self.pool = pool }

    public func replaceMirror(
        instanceID: Int64, members: [Member], invites: [Invite], at now: Date, baseline: (any MirrorBaseline)?,
        audit: (@Sendable (RefreshReport) -> AuditEvent)?
    ) async throws -> RefreshReport {
        let started = ContinuousClock.now
        let logger = pool.logger
        return try await pool.client.transaction(logger: logger) { connection in
            let lockKey = "scimify-mirror:\(instanceID)"
            try await connection.run("SELECT pg_advisory_xact_lock(hashtextextended(\(lockKey), 0))", logger: logger)
            let previous = try await PostgresMirrorRows.read(instanceID: instanceID, connection, logger)
            let comparison = MirrorComparison(
                old: previous.map { ($0.members, $0.invites) }, members: members, invites: invites)
            var plan = RecordLinkPlan(
                existing: try await PostgresRecordLinks.read(instanceID: instanceID, connection, logger))
            plan.add(members: members)
            plan.finish(invites: invites)
            let write = RefreshWritePlan(
                comparison: comparison, links: plan, members: members.count, invites: invites, now: now)
            var report: RefreshReport?
            for step in write.steps {
                switch step {
                case .writeMirrorRows:
                    try await PostgresMirrorRows.write(comparison, instanceID: instanceID, connection, logger)
                case .setMirrorState(let refreshedAt, let memberCount, let inviteCount):
                    try await connection.run(
                        """
                        INSERT INTO scimify_mirror_state (instance_id, refreshed_at, member_count, invite_count)
                        VALUES (\(instanceID), \(refreshedAt.timeIntervalSince1970), \(memberCount), \(inviteCount))
                        ON CONFLICT (instance_id) DO UPDATE SET refreshed_at = excluded.refreshed_at,
                            member_count = excluded.member_count, invite_count = excluded.invite_count
                        """, logger: logger)
                case .linkRecords:
                    try await PostgresRecordLinks.write(plan, instanceID: instanceID, at: now, connection, logger)
                case .confirmChanges(let before):
                    try await connection.run(
                        """
                        DELETE FROM scimify_email_unconfirmed
                        WHERE instance_id = \(instanceID) AND since < \(before.timeIntervalSince1970)
                        """, logger: logger)
                case .appendAudit:
                    let elapsed = started.duration(to: .now)
                    let done = write.report(
                        links: plan.counts,
                        writeSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                    )
                    report = done
                    if let audit { try await PostgresAuditLog.insert(audit(done), connection, logger) }
                }
            }
            guard let report else { throw StoreError("the refresh's report was not made") }
            return report
        }
    }

    /// The mirror of an instance as the last refresh left it, with its time (`nil` before any refresh).
    public func mirror(instanceID: Int64) async throws -> (members: [Member], invites: [Invite], refreshedAt: Date)? {
        try await pool.client.withConnection { connection in
            try await PostgresMirrorRows.read(instanceID: instanceID, connection, pool.logger)
        }
    }
}
