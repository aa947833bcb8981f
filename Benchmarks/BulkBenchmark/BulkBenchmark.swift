import AdminAPISimulator
import ClaudeAdminAPI
import Console
import ConsoleBackend
import Foundation
import Logging
import ScimifyCore
import ScimifyRuntime
import ScimifyTestSupport

/// A console bulk action at the organization's rate limit: 300 pending invites marked and changed to
/// another role (each a cancel and re-invite through the core) against a simulator that allows 600
/// requests a minute, through the console's backend and bulk runner as the operator would run it.
/// Reports the upstream rate as a ratio of the limit (goal >= 0.9), 429s and failed items (goal 0).
///
/// Usage: `swift run -c release --scratch-path .build-release BulkBenchmark [invites]` (default 300).
@main
struct BulkBenchmark {
    static func main() async throws {
        let count = CommandLine.arguments.dropFirst().compactMap { Int($0) }.first ?? 300
        let limit = 600
        try await withSimulator(.init(seed: .empty, limits: .init(requestsPerWindow: limit, windowSeconds: 60))) {
            sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            let organization = sim.simulator.organization
            for index in 0..<count {
                _ = await organization.addInvite(email: "bulk\(index)@bench.example", role: "user")
            }
            // The pacer leaves room for its burst inside the simulator's 60-second window (585 + 10 <= 600).
            // Warnings only: each re-invite's probe is an expected `invite_already_exists`, logged at info.
            var logger = Logger(label: "scimify.admin-api")
            logger.logLevel = .warning
            let settings = ClientSettings(
                pacing: TokenBucket(ratePerMinute: Double(limit) - 15, burst: 10), logger: logger)
            let runtime = try await InstanceRuntime(
                store: fixture.database, instance: fixture.instance, settings: settings)
            let backend = StoreConsoleBackend(runtime: runtime, settings: settings, operatorName: "bench")
            let lister = sim.client()
            let invites = try await lister.listAllInvites(progress: nil)
            let members = try await lister.listAllMembers(progress: nil)
            _ = try await fixture.database.replaceMirror(
                instanceID: fixture.instance.id, members: members, invites: invites, at: Date())
            let job = BulkPlanner.changeRole(invites, to: .developer, at: Date())
            precondition(job.items.count == count, "every invite is planned")
            await sim.simulator.traffic.resetCounts()

            let started = ContinuousClock.now
            let report = await BulkExecutor(parallelism: 4).run(
                BulkJob(action: job.action, items: job.items, skipped: job.skipped, batchID: "bench"),
                stopRequested: { false },
                perform: { await backend.performItem($0, batchID: "bench") }, progress: { _, _ in })
            let elapsed = started.duration(to: .now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

            let counts = await sim.simulator.traffic.requestCounts()
            let upstream = counts.filter { $0.key.contains(" /v1/") && !$0.key.hasSuffix(" arrived") }.values.reduce(
                0, +)
            let throttled = counts.filter { $0.key.hasSuffix(" 429") }.values.reduce(0, +)
            let developers = try await lister.listAllInvites(progress: nil).filter {
                $0.status == .pending && $0.role == .developer
            }.count
            let rate = Double(upstream) / seconds * 60
            print(
                String(
                    format:
                        "bulk role change of %d pending invites (cancel + re-invite each, 4 at a time): %d done, %d failed, %d now developer; %d upstream requests in %.1f s = %.0f/min = %.2f of the %d/min limit (goal >= 0.9), %d upstream 429s",
                    count, report.count(.done), report.count(.failed), developers, upstream, seconds, rate,
                    rate / Double(limit), limit, throttled))
            if let failure = report.results.first(where: { $0.outcome == .failed }) {
                print("first failure: \(failure.email): \(failure.detail)")
            }
        }
    }
}
