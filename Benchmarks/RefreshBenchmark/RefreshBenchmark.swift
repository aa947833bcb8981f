import AdminAPISimulator
import AsyncHTTPClient
import ClaudeAdminAPI
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport

/// Refresh users of a `generated:N,M` simulator into a real SQLite file, against the raw pagination floor
/// (the same GETs, users and invites concurrently as refresh does, bodies discarded), plus the time to write
/// the mirror and the peak RSS.
///
/// Usage: `swift run -c release RefreshBenchmark [members] [invites] [rounds]` (defaults 10000 2000 5).
@main
struct RefreshBenchmark {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        let members = arguments.count > 0 ? arguments[0] : 10_000
        let invites = arguments.count > 1 ? arguments[1] : 2_000
        let rounds = arguments.count > 2 ? arguments[2] : 5
        print("seed generated:\(members),\(invites), \(rounds) rounds (median reported)")
        try await withSimulator(.init(seed: .generated(members: members, invites: invites))) { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            let refresher = fixture.refresher(client: sim.client())
            // The same refresh with everything compared inside the write transaction (no pipeline), for A/B.
            let unpipelined = Refresher(
                instance: fixture.instance, api: sim.client(), store: WithoutPipeline(base: fixture.database),
                recorder: fixture.recorder)
            var plain: [Double] = []
            let users = try await BenchmarkSupport.pageURLs(sim, "/v1/organizations/users")
            let pending = try await BenchmarkSupport.pageURLs(sim, "/v1/organizations/invites")
            var floors: [Double] = []
            var refreshes: [Double] = []
            var writes: [Double] = []
            for round in 0..<(rounds + 1) {
                let floor = try await BenchmarkSupport.time {
                    async let a: Void = fetchAll(users, sim)
                    async let b: Void = fetchAll(pending, sim)
                    _ = try await (a, b)
                }
                var report: RefreshReport?
                let total = try await BenchmarkSupport.time { report = try await refresher.run(actor: "bench") }
                guard let report, report.memberCount == members, report.inviteCount == invites else {
                    fatalError("incomplete refresh")
                }
                let plainTime = try await BenchmarkSupport.time { _ = try await unpipelined.run(actor: "bench") }
                if round > 0 {
                    plain.append(plainTime)
                    floors.append(floor)
                    refreshes.append(total)
                    writes.append(report.writeSeconds)
                }
            }
            let floor = BenchmarkSupport.median(floors)
            let refresh = BenchmarkSupport.median(refreshes)
            let write = BenchmarkSupport.median(writes)
            print(String(format: "raw floor (GETs, bodies discarded): %.1f ms", floor * 1000))
            print(String(format: "refresh (list + decode + mirror write + links): %.1f ms", refresh * 1000))
            print(String(format: "  of which mirror write transaction: %.1f ms", write * 1000))
            print(
                String(
                    format: "refresh comparing in the transaction only (no pipeline): %.1f ms, ratio %.3f",
                    BenchmarkSupport.median(plain) * 1000, BenchmarkSupport.median(plain) / floor))
            print(
                String(
                    format: "ratio refresh/floor: %.3f (goal <= 1.5); listing alone/floor: %.3f", refresh / floor,
                    (refresh - write) / floor))
            print(
                String(
                    format: "per 1,000 rows: refresh %.2f ms, write %.2f ms",
                    refresh * 1000 / Double(members + invites) * 1000, write * 1000 / Double(members + invites) * 1000))
            print("peak RSS: \(BenchmarkSupport.peakRSSMegabytes()) MB")
        }
    }

    static func fetchAll(_ urls: [String], _ sim: RunningSimulator) async throws {
        for url in urls { _ = try await BenchmarkSupport.get(url, key: sim.adminKey) }
    }
}

/// The store without its refresh pipeline: the listing is compared inside the write transaction.
struct WithoutPipeline: MirrorStore {
    let base: ScimifyDatabase

    func replaceMirror(
        instanceID: Int64, members: [Member], invites: [Invite], at: Date, baseline: (any MirrorBaseline)?,
        audit: (@Sendable (RefreshReport) -> AuditEvent)?
    ) async throws -> RefreshReport {
        try await base.replaceMirror(
            instanceID: instanceID, members: members, invites: invites, at: at, baseline: nil, audit: audit)
    }
}
