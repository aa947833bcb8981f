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
            let urls =
                try await BenchmarkSupport.pageURLs(sim, "/v1/organizations/users")
                + BenchmarkSupport.pageURLs(sim, "/v1/organizations/invites")
            print("requests per listing: \(urls.count)")
            var clientTimes: [Double] = []
            var floorTimes: [Double] = []
            for round in 0..<(rounds + 1) {
                let floor = try await BenchmarkSupport.time {
                    for url in urls { _ = try await BenchmarkSupport.get(url, key: sim.adminKey) }
                }
                let listed = try await BenchmarkSupport.time {
                    let users = try await client.listAllMembers(progress: nil)
                    let pending = try await client.listAllInvites(progress: nil)
                    precondition(users.count == members && pending.count == invites, "incomplete listing")
                }
                if round > 0 {  // round 0 warms connections and caches
                    clientTimes.append(listed)
                    floorTimes.append(floor)
                }
            }
            let clientMedian = BenchmarkSupport.median(clientTimes)
            let floorMedian = BenchmarkSupport.median(floorTimes)
            print(String(format: "raw floor (AHC, bodies discarded): %.1f ms", floorMedian * 1000))
            print(String(format: "client (decode, paging, dedupe):   %.1f ms", clientMedian * 1000))
            print(
                String(
                    format: "ratio client/floor: %.3f median, %.3f best-of (goal <= 1.15)", clientMedian / floorMedian,
                    clientTimes.min()! / floorTimes.min()!))
            let bodies = try await withThrowingTaskGroup(of: (ByteBuffer, Bool).self) { group in
                for url in urls {
                    group.addTask {
                        (try await BenchmarkSupport.get(url, key: sim.adminKey), url.contains("/invites"))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            var decodeTimes: [Double] = []
            for _ in 0..<15 {
                decodeTimes.append(
                    try await BenchmarkSupport.time {
                        for (body, isInvites) in bodies {
                            _ =
                                try isInvites
                                ? ListPage.invites(in: body).entries.count : ListPage.members(in: body).entries.count
                        }
                    })
            }
            let decodeOnly = decodeTimes.min()!
            print(String(format: "decode only (same %d pages, no network): %.1f ms", bodies.count, decodeOnly * 1000))
            print("peak RSS: \(BenchmarkSupport.peakRSSMegabytes()) MB")
        }
    }

    /// The exact GETs a full listing makes, discovered by walking the cursors once.

}
