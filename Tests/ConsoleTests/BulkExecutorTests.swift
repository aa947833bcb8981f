import Foundation
import ScimifyCore
import Synchronization
import Testing

@testable import Console

/// The bulk runner: a few items at a time, results in item order after the skipped rows, failures kept with
/// their reason and request-id, and a stop that lets the items in flight finish and starts no other.
@Suite struct BulkExecutorTests {
    static func job(_ count: Int) -> BulkJob {
        BulkJob(
            action: .cancelInvites,
            items: (0..<count).map {
                BulkItem(
                    email: "p\($0)@acme.example", rowID: "inv_\($0)",
                    effect: .cancelInvite(email: "p\($0)@acme.example", expecting: nil))
            },
            skipped: [BulkResult(email: "old@acme.example", rowID: "inv_old", outcome: .skipped, detail: "expired")],
            batchID: "b")
    }

    @Test func runsEveryItemAtMostNAtOnceAndKeepsOrderAndFailures() async {
        let inFlight = Mutex((now: 0, peak: 0))
        let progress = Mutex<[Int]>([])
        let report = await BulkExecutor(parallelism: 3).run(
            Self.job(10), stopRequested: { false },
            perform: { effect in
                inFlight.withLock {
                    $0.now += 1
                    $0.peak = max($0.peak, $0.now)
                }
                try? await Task.sleep(for: .milliseconds(5))
                inFlight.withLock { $0.now -= 1 }
                if case .cancelInvite(let email, _) = effect, email == "p4@acme.example" {
                    return ChangeReport(failure: "the API refused it (request-id: req_4)", requestID: "req_4")
                }
                return ChangeReport(summary: "cancelled", requestID: "req_ok")
            },
            progress: { done, _ in progress.withLock { $0.append(done) } })
        #expect(inFlight.withLock { $0.peak } == 3)
        #expect(report.results.map(\.email) == ["old@acme.example"] + (0..<10).map { "p\($0)@acme.example" })
        #expect(
            report.count(.done) == 9 && report.count(.failed) == 1 && report.count(.skipped) == 1 && !report.stopped)
        let failed = report.results.first { $0.outcome == .failed }
        #expect(
            failed?.detail == "the API refused it (request-id: req_4)" && failed?.requestID == nil,
            "the request-id is shown once")
        #expect(report.results.last?.requestID == "req_ok")
        #expect(progress.withLock { $0 } == Array(0...10))
    }

    @Test func aStopFinishesTheItemsInFlightAndStartsNoOther() async {
        let stop = Mutex(false)
        let started = Mutex(0)
        let report = await BulkExecutor(parallelism: 2).run(
            Self.job(8), stopRequested: { stop.withLock { $0 } },
            perform: { effect in
                started.withLock { $0 += 1 }
                // The operator presses Esc while the first item runs; the second is still in flight then.
                let first = effect == .cancelInvite(email: "p0@acme.example", expecting: nil)
                try? await Task.sleep(for: .milliseconds(first ? 5 : 60))
                if first { stop.withLock { $0 = true } }
                return ChangeReport(summary: "cancelled")
            },
            progress: { _, _ in })
        #expect(report.stopped)
        #expect(started.withLock { $0 } == 2)
        #expect(report.count(.done) == 2 && report.count(.notRun) == 6)
        #expect(report.summary == "2 done, 1 skipped, 0 failed, 6 not run (stopped)")
    }
}
