import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyStorage

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
            openIntents: try await journal.unfinished().count, heldRemovals: try await removalGuard.heldRemovals(),
            neverRefreshed: try await store.lastRefresh(instanceID: instance.id) == nil)
        let mirror = try await store.mirror(instanceID: instance.id)
        (report.problems, report.dryRunPlan) = try await problemsAndPlan(now: now, mirror: mirror)
        if report.organization != nil, let orphans = await activeOrphanedKeys(members: mirror?.members),
            !orphans.isEmpty
        {
            report.warnings.append(
                "\(orphans.count) active API key(s) were created by people who are no longer members: "
                    + orphans.prefix(10).map { SafeText.neutralized($0.name, limit: 60) }.joined(separator: ", ")
                    + " (see `scimify keys list --orphaned`; `scimify keys deactivate ID` stops one)")
        }
        return report
    }

    /// Active keys whose creator is not a member (the mirror's members, else a live listing), or `nil` when the
    /// key endpoints cannot be read: an Enterprise organization's key has none (spec §12), which is not a
    /// readiness problem.
    private func activeOrphanedKeys(members: [Member]?) async -> [APIKey]? {
        guard let keys = try? await client.listAPIKeys(status: .active).value else { return nil }
        var people = members
        if people == nil { people = try? await client.listAllMembers(progress: nil) }
        guard let people else { return nil }
        return APIKeyMaker.orphaned(keys, people: people.lazy.map { ($0.id, $0.email) })
    }
}
