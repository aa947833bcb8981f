import Foundation
import ScimifyCore
import ScimifyStore

extension InstanceRuntime {
    /// How far back readiness looks in the audit log for SSO/JIT refusals.
    public static let readinessAuditWindow: TimeInterval = 7 * 86_400

    /// The readiness report of this instance: live reads of Claude (plus the invite probe unless in dry-run),
    /// its SCIM records, the audit log of the last 7 days and its unfinished or refused changes. The CLI's
    /// `readiness` and the console's Readiness view both run this.
    public func readiness(now: Date = Date()) async throws -> ReadinessReport {
        let records = try await store.orderedRecords(instanceID: instance.id)
        let audit = try await store.auditEvents(
            instanceID: instance.id, since: now.addingTimeInterval(-Self.readinessAuditWindow), batchID: nil,
            limit: 10_000)
        let check = ReadinessCheck(api: client, now: now, mayProbe: instance.mode == .enforce)
        var report = try await check.run(
            records: records, recentAudit: audit, needingAttention: try await journal.needingAttention(),
            openIntents: try await journal.unfinished().count, heldRemovals: try await removalGuard.heldRemovals())
        (report.problems, report.dryRunPlan) = try await problemsAndPlan(
            now: now, mirror: store.mirror(instanceID: instance.id))
        return report
    }
}
