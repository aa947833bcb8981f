import Foundation
import ScimifyCore

/// How long the request log keeps an instance's requests: at most ``maximumAge`` and at most ``maximumCount``
/// requests per instance (requests for no known instance count as one more), whichever comes first. Pruning
/// deletes in batches of ``batchSize`` rows, each its own short transaction, so the log's writer and the
/// provisioning writes wait at most one batch.
public struct RequestLogRetention: Sendable, Equatable {
    public var maximumAge: TimeInterval
    public var maximumCount: Int
    public var batchSize: Int

    /// 14 days or 100,000 requests, deleted 250 at a time (RequestLogBenchmark: 1.8 ms a batch at the median).
    public static let standard = RequestLogRetention(maximumAge: 14 * 86_400, maximumCount: 100_000, batchSize: 250)

    public init(maximumAge: TimeInterval, maximumCount: Int, batchSize: Int = 1000) {
        self.maximumAge = maximumAge
        self.maximumCount = max(1, maximumCount)
        self.batchSize = max(1, batchSize)
    }

    /// The newest id to delete in one instance's log: everything up to the newest request older than the age
    /// limit, and everything beyond the newest ``maximumCount``, whichever reaches further; `nil` to keep all.
    /// - Parameters:
    ///   - newestTooOld: the newest id logged before `now - maximumAge`.
    ///   - firstBeyondCount: the id of the request just past the newest `maximumCount`.
    public static func cutoff(newestTooOld: Int64?, firstBeyondCount: Int64?) -> Int64? {
        switch (newestTooOld, firstBeyondCount) {
        case (nil, nil): nil
        case (let age?, nil): age
        case (nil, let count?): count
        case (let age?, let count?): max(age, count)
        }
    }
}

/// What `prune` did: rows deleted and the batches it took.
public struct RequestLogPruning: Sendable, Equatable {
    public var deleted: Int
    public var batches: Int

    public init(deleted: Int = 0, batches: Int = 0) {
        self.deleted = deleted
        self.batches = batches
    }
}

extension StorePort {
    /// Applies `retention` to every instance's log (and to the requests of no known instance): the decision is
    /// ``RequestLogRetention/cutoff(newestTooOld:firstBeyondCount:)``; the drivers only find ids and delete
    /// batches.
    /// - Parameter observe: told how long each batch's delete took (the write lock it held; for benchmarks).
    public func pruneRequestLog(
        _ retention: RequestLogRetention, now: Date, observe: (@Sendable (Duration) -> Void)? = nil
    ) async throws -> RequestLogPruning {
        var pruning = RequestLogPruning()
        let buckets: [Int64?] = try await instances().map(\.id) + [nil]
        for bucket in buckets {
            let tooOld = try await newestLoggedRequestID(instanceID: bucket, before: now - retention.maximumAge)
            let beyond = try await loggedRequestID(instanceID: bucket, newestRank: retention.maximumCount)
            guard let cutoff = RequestLogRetention.cutoff(newestTooOld: tooOld, firstBeyondCount: beyond) else {
                continue
            }
            while true {
                let started = ContinuousClock.now
                let deleted = try await deleteLoggedRequests(
                    instanceID: bucket, atMostID: cutoff, limit: retention.batchSize)
                observe?(started.duration(to: .now))
                pruning.deleted += deleted
                pruning.batches += 1
                if deleted < retention.batchSize { break }
                await Task.yield()
            }
        }
        return pruning
    }
}
