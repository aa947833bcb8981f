import ClaudeAdminAPI
import Foundation
import Logging
import ScimifyCore
import ScimifyStorage
import Synchronization

/// The runtimes of a long-running process (`scimify serve`): one ``InstanceRuntime`` per instance, rebuilt
/// when its mode, URL or key changes (an operator may run `instances set-mode` while the server runs), with
/// its upstream counters kept across rebuilds. The SCIM server asks this for an instance's provisioner and
/// never builds a client itself. A lock, not an actor: every SCIM request looks its runtime up, and an actor
/// hop per request serialized them (measured by `SCIMBenchmark`).
public final class InstanceRuntimes: Sendable {
    public let store: any StorePort
    private let settings: ClientSettings
    let logger: Logger
    private let runtimes = Mutex<[Int64: InstanceRuntime]>([:])

    public init(store: any StorePort, settings: ClientSettings, logger: Logger = Logger(label: "scimify.runtime")) {
        self.store = store
        self.settings = settings
        self.logger = logger
    }

    /// The runtime of `instance`, built on first use (the key is read outside the lock; when two requests
    /// build one at once, the first stored wins and both use it).
    public func runtime(for instance: Instance) async throws -> InstanceRuntime {
        let (cached, statistics) = runtimes.withLock { runtimes in
            let existing = runtimes[instance.id]
            return (existing?.instance == instance ? existing : nil, existing?.statistics ?? ClientStatistics())
        }
        if let cached { return cached }
        let built = try await InstanceRuntime(
            store: store, instance: instance, settings: settings, statistics: statistics)
        return runtimes.withLock { runtimes in
            if let raced = runtimes[instance.id], raced.instance == instance { return raced }
            runtimes[instance.id] = built
            return built
        }
    }

    /// Upstream counters of every runtime built so far, as plain values (the SCIM server's `/metrics`).
    public func allStatistics() -> [UpstreamCounters] {
        runtimes.withLock { $0.values.map { UpstreamCounters(slug: $0.instance.slug, $0.statistics) } }.sorted {
            $0.slug < $1.slug
        }
    }

    /// What one pass over the open intents did.
    public struct IntentRetryPass: Sendable, Equatable {
        /// Intents still open after the pass.
        public var stillOpen = 0
        /// Intents the pass finished or closed (superseded, needs attention): the pass moved something.
        public var settled = 0
    }

    /// One pass over every instance with open intents: each is resumed (audited), and each attempt is logged.
    /// - Returns: how many intents are still open after the pass, and how many it settled.
    public func retryOpenIntents(actorName: (Instance) -> String) async -> IntentRetryPass {
        var stillOpen = 0
        var settled = 0
        let instances: [Instance]
        do {
            let ids = Set(try await store.instancesWithUnfinishedIntents())
            instances = try await store.instances().filter { ids.contains($0.id) }
        } catch {
            logger.error("cannot read unfinished intents: \(OperatorMessage.of(error))")
            return IntentRetryPass()
        }
        for instance in instances {
            let runtime: InstanceRuntime
            do {
                runtime = try await self.runtime(for: instance)
            } catch {
                logger.error("instance \(instance.slug): cannot resume intents: \(OperatorMessage.of(error))")
                stillOpen += 1
                continue
            }
            guard let report = await runtime.resumeIntents(actor: .init(name: actorName(instance), source: .scim))
            else {
                stillOpen += 1
                continue
            }
            log(report, instance: instance)
            stillOpen += report.stillOpen
            settled += report.finished.count + report.superseded.count + report.needsAttention.count
        }
        return IntentRetryPass(stillOpen: stillOpen, settled: settled)
    }

    /// One structured line per resumed intent: instance, target, outcome (and the reason when not done).
    private func log(_ report: IntentResumeReport, instance: Instance) {
        func line(_ level: Logger.Level, _ outcome: String, _ email: String, _ reason: String? = nil) {
            var metadata: Logger.Metadata = [
                "instance": "\(instance.slug)", "outcome": "\(outcome)",
                "target": "\(SafeText.neutralized(email, limit: 320))",
            ]
            if let reason { metadata["reason"] = "\(SafeText.neutralized(reason, limit: 300))" }
            logger.log(level: level, "resumed an unfinished re-invite", metadata: metadata)
        }
        for email in report.finished { line(.notice, "finished", email) }
        for email in report.superseded { line(.notice, "superseded", email) }
        for (email, reason) in report.needsAttention { line(.warning, "needs_attention", email, reason) }
        for (email, reason) in report.deferred { line(.warning, "deferred", email, reason) }
        if report.skippedInDryRun > 0 {
            logger.notice(
                "unfinished re-invites wait: the instance is in dry-run",
                metadata: ["instance": "\(instance.slug)", "outcome": "dry_run", "count": "\(report.skippedInDryRun)"])
        }
    }
}
