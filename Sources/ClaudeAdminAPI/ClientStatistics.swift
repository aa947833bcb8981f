import Synchronization

/// Counts the client's upstream calls by endpoint and status, its retries, and its waits: for the pacer
/// (keeping under the organization's limit) and for the API's own rate limit (a 429 waited out).
public final class ClientStatistics: Sendable {
    private let state = Mutex<(calls: [String: Int], retries: [String: Int], waits: Waits)>(([:], [:], Waits()))

    /// Waits so far: how many, and their seconds in all.
    public struct Waits: Sendable, Equatable {
        public var pacer = 0
        public var pacerSeconds = 0.0
        public var rateLimit = 0
        public var rateLimitSeconds = 0.0
    }

    public init() {}

    func record(endpoint: String, status: Int) {
        state.withLock { $0.calls["\(endpoint) \(status)", default: 0] += 1 }
    }

    func recordRetry(endpoint: String) {
        state.withLock { $0.retries[endpoint, default: 0] += 1 }
    }

    func recordPacerWait(seconds: Double) {
        state.withLock {
            $0.waits.pacer += 1
            $0.waits.pacerSeconds += seconds
        }
    }

    func recordRateLimitWait(seconds: Double) {
        state.withLock {
            $0.waits.rateLimit += 1
            $0.waits.rateLimitSeconds += seconds
        }
    }

    /// The waits so far.
    public var waits: Waits { state.withLock { $0.waits } }

    /// Calls so far, keyed `"<endpoint> <status>"` (status 0 for a transport failure).
    public var calls: [String: Int] { state.withLock { $0.calls } }

    /// Retries so far by endpoint.
    public var retries: [String: Int] { state.withLock { $0.retries } }
}
