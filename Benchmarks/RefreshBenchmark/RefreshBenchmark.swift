import AdminAPISimulator
import AsyncHTTPClient
import ClaudeAdminAPI
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import ScimifyCore
import ScimifyStore
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
            let users = try await pageURLs(sim, "/v1/organizations/users")
            let pending = try await pageURLs(sim, "/v1/organizations/invites")
            var floors: [Double] = []
            var refreshes: [Double] = []
            var writes: [Double] = []
            for round in 0..<(rounds + 1) {
                let floor = try await time {
                    async let a: Void = fetchAll(users, key: sim.adminKey)
                    async let b: Void = fetchAll(pending, key: sim.adminKey)
                    _ = try await (a, b)
                }
                var report: RefreshReport?
                let total = try await time { report = try await refresher.run(actor: "bench") }
                guard let report, report.memberCount == members, report.inviteCount == invites else {
                    fatalError("incomplete refresh")
                }
                if round > 0 {
                    floors.append(floor)
                    refreshes.append(total)
                    writes.append(report.writeSeconds)
                }
            }
            let floor = median(floors)
            let refresh = median(refreshes)
            let write = median(writes)
            print(String(format: "raw floor (GETs, bodies discarded): %.1f ms", floor * 1000))
            print(String(format: "refresh (list + decode + mirror write + links): %.1f ms", refresh * 1000))
            print(String(format: "  of which mirror write transaction: %.1f ms", write * 1000))
            print(String(format: "ratio refresh/floor: %.3f (goal <= 1.15); listing alone/floor: %.3f", refresh / floor, (refresh - write) / floor))
            print(String(format: "per 1,000 rows: refresh %.2f ms, write %.2f ms", refresh * 1000 / Double(members + invites) * 1000, write * 1000 / Double(members + invites) * 1000))
            print("peak RSS: \(peakRSSMegabytes()) MB")
        }
    }

    static func pageURLs(_ sim: RunningSimulator, _ path: String) async throws -> [String] {
        var urls: [String] = []
        var after: String?
        while true {
            let url = sim.baseURL + path + "?limit=1000" + (after.map { "&after_id=\($0)" } ?? "")
            urls.append(url)
            let body = try await get(url, key: sim.adminKey)
            let page = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
            guard page?["has_more"] as? Bool == true, let last = page?["last_id"] as? String else { break }
            after = last
        }
        return urls
    }

    static func fetchAll(_ urls: [String], key: AdminAPIKey) async throws {
        for url in urls { _ = try await get(url, key: key) }
    }

    static func get(_ url: String, key: AdminAPIKey) async throws -> ByteBuffer {
        var request = HTTPClientRequest(url: url)
        key.withSecret { request.headers.add(name: "x-api-key", value: $0) }
        request.headers.add(name: "anthropic-version", value: "2023-06-01")
        let response = try await AdminAPIClient.sharedHTTPClient.execute(request, timeout: .seconds(120))
        return try await response.body.collect(upTo: 64 << 20)
    }

    static func time(_ body: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await body()
        let elapsed = start.duration(to: .now)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    static func peakRSSMegabytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return -1 }
        return kilobytes / 1024
    }
}
