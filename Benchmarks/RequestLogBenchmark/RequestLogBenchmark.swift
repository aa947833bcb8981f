import Console
import ConsoleBackend
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Synchronization

/// The SCIM request log's two figures that are not about one request (issue 23), on a real SQLite file:
/// 1. retention pruning of a log of 1,000,000 requests down to 100,000: the longest a delete batch holds the
///    write lock (goal <= 50 ms) and the longest a request-log write waits meanwhile;
/// 2. the console's Requests view over 100,000 logged requests: the store read off the UI thread and, on the
///    UI thread, adopting the prepared rows and drawing the view (goal < 16 ms).
/// `RequestLogBenchmark [rows]` (default 1,000,000).
@main enum RequestLogBenchmark {
    static func main() async throws {
        let rows = CommandLine.arguments.dropFirst().compactMap { Int($0) }.first ?? 1_000_000
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = try ScimifyDatabase(path: directory.path + "/scimify.sqlite")
        let instance = try database.addInstance(
            name: "Bench", apiBaseURL: "http://127.0.0.1:9", apiKey: "sk-bench", mode: .enforce
        ).instance
        let seeded = ContinuousClock.now
        let batch = 5_000
        for start in stride(from: 0, to: rows, by: batch) {
            try database.appendLoggedRequests((start..<min(rows, start + batch)).map { request($0, instance) })
        }
        print("log: \(rows) requests written in \(format(ContinuousClock.now - seeded))")

        try await viewOpening(database, instance)
        try await pruning(database, instance, rows: rows)
    }

    static func request(_ index: Int, _ instance: Instance, at: Date = Date()) -> LoggedRequest {
        let email = "person\(index % 20_000)@corp.example"
        return LoggedRequest(
            at: at, instanceID: instance.id, instanceSlug: instance.slug, method: index % 5 == 0 ? "PATCH" : "GET",
            route: "/instances/{slug}/scim/v2/Users", path: "/instances/bench/scim/v2/Users?filter=userName%20eq",
            status: index % 50 == 0 ? 400 : 200, latencyMilliseconds: 2.5, idpRequestID: "okta-\(index)",
            person: email, outcome: index % 50 == 0 ? "rejected" : "read", problem: nil,
            anthropicRequestIDs: [], requestHeaders: "content-type: application/scim+json",
            requestBody: index % 5 == 0 ? #"{"Operations":[{"op":"replace","value":{"active":true}}]}"# : "",
            responseBody:
                #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:ListResponse"],"totalResults":1,"Resources":[{"userName":"\#(email)"}]}"#
        )
    }

    static func viewOpening(_ database: ScimifyDatabase, _ instance: Instance) async throws {
        var reads: [Double] = []
        var opens: [Double] = []
        for _ in 0..<5 {
            let read = ContinuousClock.now
            var snapshot = ConsoleSnapshot(instance: instance, instances: [instance])
            snapshot.requests = try await StoreConsoleBackend.requestRows(database, instance: instance)
            var state = ConsoleState(width: 160, height: 48, readOnly: false, now: Date())
            let prepared = PreparedSnapshot(snapshot, like: state)  // off the UI thread in the console
            reads.append(seconds(ContinuousClock.now - read))
            let open = ContinuousClock.now
            _ = ConsoleReducer.reduce(&state, .prepared(prepared))
            _ = ConsoleReducer.reduce(&state, .key(.character("8")))
            let frame = ConsoleScreen.render(state)
            opens.append(seconds(ContinuousClock.now - open))
            precondition(frame.text(row: 1).contains("Requests") && state.requests.rows.count == 2_000)
        }
        print(
            String(
                format:
                    "2. Requests view over the log: store read and preparation off the UI thread %.1f ms; on the UI thread, adopt + open + first frame %.2f ms (median of 5; goal < 16 ms)",
                BenchmarkSupport.median(reads) * 1000, BenchmarkSupport.median(opens) * 1000))
    }

    static func pruning(_ database: ScimifyDatabase, _ instance: Instance, rows: Int) async throws {
        let batches = Mutex<[Double]>([])
        let waits = Mutex<[Double]>([])
        let done = Atomic<Bool>(false)
        // A writer as `serve`'s log writer would be: one small append every 20 ms, timed.
        let writer = Task.detached {
            var index = rows
            while !done.load(ordering: .relaxed) {
                let started = ContinuousClock.now
                try database.appendLoggedRequests([request(index, instance)])
                waits.withLock { $0.append(seconds(ContinuousClock.now - started)) }
                index += 1
                try await Task.sleep(for: .milliseconds(20))
            }
        }
        let started = ContinuousClock.now
        let pruning = try await database.pruneRequestLog(.standard, now: Date()) { took in
            batches.withLock { $0.append(seconds(took)) }
        }
        let total = ContinuousClock.now - started
        done.store(true, ordering: .relaxed)
        try await writer.value
        let times = batches.withLock { $0 }.sorted()
        let writes = waits.withLock { $0 }.sorted()
        let left = try database.loggedRequests(RequestLogQuery(scope: .instance(instance.id), limit: 200_000)).count
        print(
            String(
                format:
                    "1. pruning %d of %d requests to the newest %d: %d batches in %@; a batch holds the write lock %.1f ms median, %.1f ms p99, %.1f ms at most (goal <= 50 ms); %d log writes meanwhile waited %.1f ms at most",
                pruning.deleted, rows, left, pruning.batches, format(total), BenchmarkSupport.median(times) * 1000,
                times[times.count * 99 / 100] * 1000, times.last! * 1000, writes.count, (writes.last ?? 0) * 1000))
    }

    static func seconds(_ duration: Duration) -> Double {
        let (whole, attoseconds) = duration.components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    static func format(_ duration: Duration) -> String { String(format: "%.1f s", seconds(duration)) }
}
