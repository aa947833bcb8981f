import AdminAPISimulator
import AsyncHTTPClient
import ClaudeAdminAPI
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1

/// Measuring helpers shared by the benchmark executables.
public enum BenchmarkSupport {
    /// Seconds `body` takes.
    public static func time(_ body: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await body()
        let elapsed = start.duration(to: .now)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    public static func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }

    /// What a burst of SCIM creates did upstream: each answer's status, the seconds it took, the Admin API
    /// writes the simulator answered and how many of its answers were 429s.
    public struct CreateBurst: Sendable {
        public let statuses: [Int]
        public let seconds: Double
        public let upstream: Int
        public let throttled: Int

        /// Upstream writes a minute.
        public var perMinute: Double { Double(upstream) / seconds * 60 }
    }

    /// `creates` SCIM creates spread over `servers`, `lanes` at a time to each (as an IdP sends them).
    public static func createBurst(
        _ creates: Int, through servers: [RunningSCIMServer], lanes: Int = 10, sim: RunningSimulator
    ) async throws -> CreateBurst {
        var statuses: [Int] = []
        let seconds = try await time {
            statuses = try await withThrowingTaskGroup(of: [Int].self) { group in
                for lane in 0..<(lanes * servers.count) {
                    group.addTask {
                        var seen: [Int] = []
                        for index in stride(from: lane, to: creates, by: lanes * servers.count) {
                            let reply = try await servers[lane % servers.count].call(
                                "POST", "/Users", body: #"{"userName":"burst\#(index)@bench.example"}"#)
                            seen.append(reply.status)
                        }
                        return seen
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
        }
        let counts = await sim.simulator.traffic.requestCounts()
        let upstream = counts.filter { $0.key.hasPrefix("POST /v1") && !$0.key.hasSuffix(" arrived") }.values
            .reduce(0, +)
        let throttled = counts.filter { $0.key.hasSuffix(" 429") }.values.reduce(0, +)
        return CreateBurst(statuses: statuses, seconds: seconds, upstream: upstream, throttled: throttled)
    }

    /// Seconds `requests` calls of `body` take, `concurrency` at a time (each worker takes every
    /// `concurrency`-th index).
    public static func timed(
        requests: Int, concurrency: Int = 4, _ body: @escaping @Sendable (Int) async throws -> Void
    ) async throws -> Double {
        try await time {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<concurrency {
                    group.addTask {
                        var index = worker
                        while index < requests {
                            try await body(index)
                            index += concurrency
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    /// Peak resident set size of this process (`VmHWM`), in MiB.
    public static func peakRSSMegabytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
        else { return -1 }
        return kilobytes / 1024
    }

    /// A raw Admin API GET with AsyncHTTPClient: the floor a listing is compared with.
    public static func get(_ url: String, key: AdminAPIKey) async throws -> ByteBuffer {
        var request = HTTPClientRequest(url: url)
        key.withSecret { request.headers.add(name: "x-api-key", value: $0) }
        request.headers.add(name: "anthropic-version", value: "2023-06-01")
        let response = try await AdminAPIClient.sharedHTTPClient.execute(request, timeout: .seconds(120))
        return try await response.body.collect(upTo: 64 << 20)
    }

    /// The exact page URLs of a full listing of `path` at `limit=1000`, found by walking the cursors once.
    public static func pageURLs(_ sim: RunningSimulator, _ path: String) async throws -> [String] {
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
}
