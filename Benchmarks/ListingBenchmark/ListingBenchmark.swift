import AdminAPISimulator
import AsyncHTTPClient
import ClaudeAdminAPI
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import ScimifyCore
import ScimifyTestSupport

/// Lists every member and invite of a `generated:N,M` simulator through ``AdminAPIClient`` and compares
/// the time with the raw floor: the same GET requests sent with AsyncHTTPClient, bodies discarded.
///
/// Usage: `swift run -c release ListingBenchmark [members] [invites] [rounds]` (defaults 10000 2000 7).
@main
struct ListingBenchmark {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst().compactMap { Int($0) }
        let members = arguments.count > 0 ? arguments[0] : 10_000
        let invites = arguments.count > 1 ? arguments[1] : 2_000
        let rounds = arguments.count > 2 ? arguments[2] : 7
        let seed = SimulatorSeed.generated(members: members, invites: invites)
        print("seed \(seed), page size 1000, \(rounds) rounds (median reported)")
        try await withSimulator(.init(seed: seed)) { sim in
            let client = sim.client()
            let urls = try await pageURLs(sim)
            print("requests per listing: \(urls.count)")
            var clientTimes: [Double] = []
            var floorTimes: [Double] = []
            for round in 0..<(rounds + 1) {
                let floor = try await time { try await rawFloor(urls, key: sim.adminKey) }
                let listed = try await time {
                    let users = try await client.listAllMembers(progress: nil)
                    let pending = try await client.listAllInvites(progress: nil)
                    precondition(users.count == members && pending.count == invites, "incomplete listing")
                }
                if round > 0 {  // round 0 warms connections and caches
                    clientTimes.append(listed)
                    floorTimes.append(floor)
                }
            }
            let clientMedian = median(clientTimes)
            let floorMedian = median(floorTimes)
            print(String(format: "raw floor (AHC, bodies discarded): %.1f ms", floorMedian * 1000))
            print(String(format: "client (decode, paging, dedupe):   %.1f ms", clientMedian * 1000))
            print(String(format: "ratio client/floor: %.3f median, %.3f best-of (goal <= 1.15)", clientMedian / floorMedian, clientTimes.min()! / floorTimes.min()!))
            let bodies = try await withThrowingTaskGroup(of: ByteBuffer.self) { group in
                for url in urls { group.addTask { try await get(url, key: sim.adminKey) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            var decodeTimes: [Double] = []
            for _ in 0..<15 {
                decodeTimes.append(try await time {
                    for body in bodies { _ = try AdminAPIClient.decodeListPageForBenchmark(body) }
                })
            }
            let decodeOnly = decodeTimes.min()!
            print(String(format: "decode only (same %d pages, no network): %.1f ms", bodies.count, decodeOnly * 1000))
            print("peak RSS: \(peakRSSMegabytes()) MB")
        }
    }

    /// The exact GETs a full listing makes, discovered by walking the cursors once.
    static func pageURLs(_ sim: RunningSimulator) async throws -> [String] {
        var urls: [String] = []
        for path in ["/v1/organizations/users", "/v1/organizations/invites"] {
            var after: String?
            while true {
                let url = sim.baseURL + path + "?limit=1000" + (after.map { "&after_id=\($0)" } ?? "")
                urls.append(url)
                let body = try await get(url, key: sim.adminKey)
                let page = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]
                guard page?["has_more"] as? Bool == true, let last = page?["last_id"] as? String else { break }
                after = last
            }
        }
        return urls
    }

    static func rawFloor(_ urls: [String], key: AdminAPIKey) async throws {
        for url in urls { _ = try await get(url, key: key) }
    }

    static func get(_ url: String, key: AdminAPIKey) async throws -> ByteBuffer {
        var request = HTTPClientRequest(url: url)
        key.withSecret { request.headers.add(name: "x-api-key", value: $0) }
        request.headers.add(name: "anthropic-version", value: "2023-06-01")
        let response = try await AdminAPIClient.sharedHTTPClient.execute(request, timeout: .seconds(60))
        return try await response.body.collect(upTo: 64 << 20)
    }

    static func time(_ body: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await body()
        let elapsed = start.duration(to: .now)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted[sorted.count / 2]
    }

    static func peakRSSMegabytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return -1 }
        return kilobytes / 1024
    }
}
