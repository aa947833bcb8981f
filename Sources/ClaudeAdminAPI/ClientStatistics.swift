import Synchronization

/// Counts the client's upstream calls by endpoint and status, and its retries.
public final class ClientStatistics: Sendable {
    private let state = Mutex<(calls: [String: Int], retries: [String: Int])>(([:], [:]))

    public init() {}

    func record(endpoint: String, status: Int) {
        state.withLock { $0.calls["\(endpoint) \(status)", default: 0] += 1 }
    }

    func recordRetry(endpoint: String) {
        state.withLock { $0.retries[endpoint, default: 0] += 1 }
    }

    /// Calls so far, keyed `"<endpoint> <status>"` (status 0 for a transport failure).
    public var calls: [String: Int] { state.withLock { $0.calls } }

    /// Retries so far by endpoint.
    public var retries: [String: Int] { state.withLock { $0.retries } }

    /// Total calls, every endpoint and status.
    public var totalCalls: Int { state.withLock { $0.calls.values.reduce(0, +) } }
}
