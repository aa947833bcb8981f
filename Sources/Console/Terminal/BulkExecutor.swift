/// Runs a bulk action's items off the UI loop, a few at a time (the client's pacer keeps the organization
/// under its rate limit), stopping before the next item once a stop is requested. Results keep the order
/// of the items, after the skipped rows.
public struct BulkExecutor: Sendable {
    public var parallelism: Int

    public init(parallelism: Int) { self.parallelism = parallelism }

    public func run(
        _ job: BulkJob,
        stopRequested: @escaping @Sendable () -> Bool,
        perform: @escaping @Sendable (ConsoleEffect) async -> ChangeReport,
        progress: @escaping @Sendable (_ done: Int, _ current: String?) -> Void
    ) async -> BulkReport {
        var outcomes = [BulkResult?](repeating: nil, count: job.items.count)
        var stopped = false
        await withTaskGroup(of: (Int, BulkResult).self) { group in
            var next = 0
            var done = 0
            func startNext() -> Bool {
                guard next < job.items.count, !stopRequested() else { return false }
                let index = next
                let item = job.items[index]
                next += 1
                group.addTask { (index, Self.result(item, await perform(item.effect))) }
                return true
            }
            while next < min(parallelism, job.items.count), startNext() {}
            progress(0, job.items.first?.email)
            while let (index, result) = await group.next() {
                outcomes[index] = result
                done += 1
                _ = startNext()
                progress(done, next < job.items.count ? job.items[next].email : nil)
            }
            stopped = next < job.items.count
        }
        let results = outcomes.enumerated().map { index, outcome in
            outcome
                ?? BulkResult(
                    email: job.items[index].email, rowID: job.items[index].rowID, outcome: .notRun,
                    detail: "not started: stopped by the operator")
        }
        return BulkReport(action: job.action, batchID: job.batchID, results: job.skipped + results, stopped: stopped)
    }

    private static func result(_ item: BulkItem, _ report: ChangeReport) -> BulkResult {
        if let failure = report.failure {
            // The core's message already names its request-id; show it once.
            let id = report.requestID.flatMap { failure.contains($0) ? nil : $0 }
            return BulkResult(email: item.email, rowID: item.rowID, outcome: .failed, detail: failure, requestID: id)
        }
        return BulkResult(
            email: item.email, rowID: item.rowID, outcome: .done, detail: report.summary ?? "done",
            requestID: report.requestID, removed: report.removed)
    }
}
