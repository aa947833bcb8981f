import Foundation
import Logging
import ScimifyCore
import ScimifyStorage
import Synchronization

/// Takes each answered SCIM request into a bounded queue without waiting (the IdP's request never waits for
/// the log, and a broken log never fails it) and writes the queue to the store in batches when
/// ``flush(to:)`` is called (``RequestLogService`` calls it a few times a second). A full queue drops the
/// request and a failed write loses its batch; both are counted for `/metrics`
/// (`scimify_request_log_dropped_total`, `scimify_request_log_write_failures_total`) and said once in the log.
public final class RequestLogWriter: Sendable {
    /// Counters since the server started.
    public struct Counts: Sendable, Equatable {
        public var written = 0
        /// Requests never written because the queue was full.
        public var dropped = 0
        /// Requests lost because the store refused their batch.
        public var failed = 0
    }

    private struct State {
        var pending: [LoggedRequest] = []
        var counts = Counts()
        var warnedFull = false
    }

    /// The most requests waiting to be written.
    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int = 10_000) { self.capacity = max(1, capacity) }

    /// Queues `request`; `false` (and counted) when the queue is full.
    @discardableResult
    public func submit(_ request: LoggedRequest) -> Bool {
        state.withLock { state in
            guard state.pending.count < capacity else {
                state.counts.dropped += 1
                return false
            }
            state.pending.append(request)
            return true
        }
    }

    public var counts: Counts { state.withLock { $0.counts } }

    /// How many requests wait to be written.
    public var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Writes every queued request to `store` in one transaction, each with its instance's id (resolved from the
    /// slug its path named) and, for a request that named a person by SCIM id, the record's userName.
    /// - Returns: how many were written (0 when the write failed; those are counted as failed).
    @discardableResult
    public func flush(to store: any StorePort, logger: Logger? = nil) async -> Int {
        let (batch, dropped, warn) = state.withLock { state -> ([LoggedRequest], Int, Bool) in
            let batch = state.pending
            state.pending.removeAll(keepingCapacity: true)
            let warn = state.counts.dropped > 0 && !state.warnedFull
            if warn { state.warnedFull = true }
            return (batch, state.counts.dropped, warn)
        }
        if warn {
            logger?.warning(
                "the SCIM request log queue was full; requests were left out of it",
                metadata: ["dropped": "\(dropped)", "capacity": "\(capacity)"])
        }
        guard !batch.isEmpty else { return 0 }
        do {
            let resolved = try await resolve(batch, store)
            try await store.appendLoggedRequests(resolved)
            state.withLock { $0.counts.written += batch.count }
            return batch.count
        } catch {
            state.withLock { $0.counts.failed += batch.count }
            logger?.warning(
                "the SCIM request log could not be written; these requests are not in it",
                metadata: ["requests": "\(batch.count)", "error": "\(SafeText.neutralized(String(describing: error)))"])
            return 0
        }
    }

    private func resolve(_ batch: [LoggedRequest], _ store: any StorePort) async throws -> [LoggedRequest] {
        var bySlug: [String: Int64] = [:]
        for instance in try await store.instances() { bySlug[instance.slug.lowercased()] = instance.id }
        var resolved = batch
        for index in resolved.indices {
            guard let slug = resolved[index].instanceSlug, let id = bySlug[slug.lowercased()] else { continue }
            resolved[index].instanceID = id
            if let person = resolved[index].person, person.hasPrefix("id:"),
                let record = try await store.record(instanceID: id, id: String(person.dropFirst(3)))
            {
                resolved[index].person = record.userName
            }
        }
        return resolved
    }
}
