import Foundation
import Logging
import ScimifyCore
import ScimifyStorage

extension InstanceRuntime {
    /// The first refresh of an instance whose mirror was never filled: `instances add` runs it after the
    /// connection test, and a console or `serve` opening such an instance runs it before relying on the mirror,
    /// so SCIM GET, `--cached` listings, the console and problems know Claude's members and invites from the
    /// first minute. `nil` when the instance has a mirror already.
    public func refreshIfNeverRefreshed(actor: String, progress: (@Sendable (Refresher.Progress) -> Void)? = nil)
        async throws -> RefreshReport?
    {
        guard try await store.lastRefresh(instanceID: instance.id) == nil else { return nil }
        return try await refresher.run(actor: actor, progress: progress)
    }

    /// One line for the operator about a first refresh: what it loaded.
    public static func firstRefreshLine(_ report: RefreshReport) -> String {
        "first refresh: \(report.memberCount) members and \(report.pendingInviteCount) pending invites loaded "
            + "into the mirror"
    }

    /// What to tell the operator when a first refresh failed: the cause and the command that fills the mirror.
    public func firstRefreshFailure(_ error: any Error) -> String {
        "the first refresh failed: \(OperatorMessage.of(error)); until `scimify refresh --instance "
            + "\(instance.slug)` succeeds, readiness is NO-GO and the mirror is empty"
    }
}

extension InstanceRuntimes {
    /// `serve`'s pass over instances that were never refreshed (an `instances add` whose first refresh failed,
    /// or a store from an older version): each is refreshed before the mirror is relied on, logged.
    /// - Returns: how many are still without a mirror (their refresh failed; the next pass tries again).
    public func refreshNeverRefreshed(actorName: (Instance) -> String) async -> Int {
        let instances: [Instance]
        do {
            instances = try await store.instances()
        } catch {
            logger.error("cannot read the instances: \(OperatorMessage.of(error))")
            return 0
        }
        var failed = 0
        for instance in instances {
            do {
                // One read decides; a runtime (its key decrypted) is built only for an instance to refresh.
                guard try await store.lastRefresh(instanceID: instance.id) == nil else { continue }
                let runtime = try await self.runtime(for: instance)
                guard let report = try await runtime.refreshIfNeverRefreshed(actor: actorName(instance)) else {
                    continue
                }
                logger.notice(
                    "\(InstanceRuntime.firstRefreshLine(report))", metadata: ["instance": "\(instance.slug)"])
            } catch {
                failed += 1
                logger.warning(
                    "first refresh failed: \(OperatorMessage.of(error))", metadata: ["instance": "\(instance.slug)"])
            }
        }
        return failed
    }
}
