import AdminAPISimulator
import AsyncHTTPClient
import ClaudeAdminAPI
import Foundation
import Hummingbird
import Logging
import NIOCore
import ScimifyCore
import ScimifyTestSupport
import ServiceLifecycle

/// The SCIM server's figures, each as a ratio measured in one run:
/// 1. `GET /Users?filter=userName eq "..."` over 10,000 records against a Hummingbird hello-world route;
/// 2. upstream calls per create over 1,000 creates;
/// 3. 10 concurrent clients creating 300 users against a simulator limited to 600 requests a minute.
///
/// Usage: `swift run -c release SCIMBenchmark [requests]` (default 4000 for part 1).
@main
struct SCIMBenchmark {
    static func main() async throws {
        let requests = CommandLine.arguments.dropFirst().compactMap { Int($0) }.first ?? 4000
        try await filterAgainstHelloWorld(requests: requests)
        // `SCIMBenchmark N filter` measures the filter ratio only (profiling).
        if CommandLine.arguments.contains("filter") { return }
        try await callsPerCreate()
        try await concurrentCreatesUnderTheLimit()
    }

    static func filterAgainstHelloWorld(requests: Int) async throws {
        try await withSimulator(.init(seed: .generated(members: 10_000, invites: 0))) { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            _ = try await fixture.refresher(client: sim.client()).run(actor: "bench")
            try await withSCIMServer(fixture) { server in
                try await withSCIMServer(fixture, requestLog: nil) { bare in
                    try await withHelloWorld { helloPort in
                        try await filterRounds(
                            server: server, bare: bare, helloPort: helloPort, token: "Bearer \(fixture.scimToken)",
                            requests: requests)
                    }
                }
            }
        }
    }

    /// Rounds alternate the three (the server as `serve` runs it, with its request log; the same server without
    /// the log; hello world), in turning orders, and each ratio is the median of the rounds' ratios: this 2-core
    /// VM's speed drifts by half between seconds, so only side-by-side figures compare.
    static func filterRounds(
        server: RunningSCIMServer, bare: RunningSCIMServer, helloPort: Int, token: String, requests: Int
    ) async throws {
        let rounds = 7
        let perRound = max(requests / rounds, 100)
        var ratios: [Double] = []
        var logCosts: [Double] = []
        var filterRates: [Double] = []
        var bareRates: [Double] = []
        var helloRates: [Double] = []
        func filter(_ target: RunningSCIMServer, round: Int) async throws -> Double {
            try await BenchmarkSupport.timed(requests: perRound) { index in
                let name = "member\(1 + (index + round * perRound) % 9999)@generated.example"
                let reply = try await target.call("GET", "/Users?filter=userName%20eq%20%22\(name)%22", token: token)
                precondition(reply.status == 200 && reply.text.hasSuffix("\"totalResults\":1}"))
            }
        }
        func hello() async throws -> Double {
            try await BenchmarkSupport.timed(requests: perRound) { _ in
                _ = try await server.call("GET", "http://127.0.0.1:\(helloPort)/hello", token: "")
            }
        }
        for round in 0..<(rounds + 1) {
            var times: [Int: Double] = [:]
            for step in 0..<3 {
                switch (step + round) % 3 {
                case 0: times[0] = try await filter(server, round: round)
                case 1: times[1] = try await filter(bare, round: round)
                default: times[2] = try await hello()
                }
            }
            if round == 0 { continue }  // warms connections and caches
            let (logged, unlogged, helloTime) = (times[0]!, times[1]!, times[2]!)
            filterRates.append(Double(perRound) / logged)
            bareRates.append(Double(perRound) / unlogged)
            helloRates.append(Double(perRound) / helloTime)
            ratios.append(helloTime / logged)
            logCosts.append(logged / unlogged - 1)
        }
        print(
            String(
                format:
                    "1. filter over 10,000 records: %.0f req/s; hello world: %.0f req/s (medians of %d rounds of %d); ratio %.2f median of rounds, %.2f-%.2f (goal >= 0.6)",
                BenchmarkSupport.median(filterRates), BenchmarkSupport.median(helloRates), rounds, perRound,
                BenchmarkSupport.median(ratios), ratios.min()!, ratios.max()!))
        print(
            String(
                format:
                    "1b. the request log's cost on that filter GET: %.0f req/s with it, %.0f req/s without; +%.1f%% time, median of rounds (%.1f%% to %.1f%%) (goal <= 5%%)",
                BenchmarkSupport.median(filterRates), BenchmarkSupport.median(bareRates),
                BenchmarkSupport.median(logCosts) * 100, logCosts.min()! * 100, logCosts.max()! * 100))
    }

    static func callsPerCreate() async throws {
        try await withSimulator(.init(seed: .empty)) { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            try await withSCIMServer(fixture) { server in
                for index in 0..<1000 {
                    let reply = try await server.call(
                        "POST", "/Users", body: #"{"userName":"new\#(index)@bench.example"}"#)
                    precondition(reply.status == 201, "create failed: \(reply.text.prefix(200))")
                }
                let counts = await sim.simulator.traffic.requestCounts()
                let calls = counts.filter {
                    $0.key.hasPrefix("GET /v1") || $0.key.hasPrefix("POST /v1") || $0.key.hasPrefix("DELETE /v1")
                }
                .filter { !$0.key.hasSuffix(" arrived") }.values.reduce(0, +)
                print(
                    String(
                        format: "2. upstream calls per create over 1,000 creates: %.3f (goal <= 1.05)",
                        Double(calls) / 1000))
            }
        }
    }

    static func concurrentCreatesUnderTheLimit() async throws {
        try await withSimulator(.init(seed: .empty, limits: .init(requestsPerWindow: 600, windowSeconds: 60))) { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            try await withSCIMServer(fixture, pacing: TokenBucket(ratePerMinute: 585, burst: 10)) { server in
                let burst = try await BenchmarkSupport.createBurst(300, through: [server], sim: sim)
                let (statuses, seconds, throttled, rate) = (
                    burst.statuses, burst.seconds, burst.throttled, burst.perMinute
                )
                let nonRetryable = statuses.filter { $0 != 201 && $0 != 429 && $0 != 503 }.count
                print(
                    String(
                        format:
                            "3. 10 clients x 30 creates: %d created, %d non-retryable errors, %d upstream 429s, %.1f s, upstream rate %.0f/min = %.2f of the 600/min limit (goal >= 0.9)",
                        statuses.filter { $0 == 201 }.count, nonRetryable, throttled, seconds, rate, rate / 600))
            }
        }
    }

    static func withHelloWorld(_ body: (Int) async throws -> Void) async throws {
        let router = Router()
        router.get("/hello") { _, _ in "Hello, world!" }
        var logger = Logger(label: "bench.hello")
        logger.logLevel = .critical
        try await withLoopbackService(
            label: "bench.hello",
            { onRunning in
                Application(
                    router: router,
                    configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                    onServerRunning: { await onRunning($0.localAddress?.port ?? 0) },
                    logger: logger
                )
            }, body)
    }
}
