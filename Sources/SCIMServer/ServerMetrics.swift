import Synchronization

/// Counters for `/metrics` (Prometheus text format).
final class ServerMetrics: Sendable {
    private let requests = Mutex<[String: Int]>([:])

    func recordRequest(route: String, status: Int) {
        requests.withLock { $0["route=\"\(route)\",status=\"\(status)\"", default: 0] += 1 }
    }

    /// The request counters as Prometheus lines.
    func requestLines() -> [String] {
        requests.withLock { counts in
            counts.keys.sorted().map { "scimify_scim_requests_total{\($0)} \(counts[$0]!)" }
        }
    }
}
