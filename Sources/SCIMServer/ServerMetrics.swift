import CoreMetrics
import Foundation
import Metrics
import Prometheus
import Synchronization

/// The SCIM server's metrics on swift-metrics, exported by swift-prometheus from a registry of its own (one
/// per server, so tests and several servers in one process never share series). Every label comes from a
/// fixed set: route templates (anything else is `other`), methods, statuses, instance slugs, endpoints of
/// the client, problem kinds. Nothing from a request's path or body reaches a label.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    /// Request counters and duration timers, made once per (route, method, status).
    private let handlers = Mutex<[String: (count: CoreMetrics.Counter, duration: CoreMetrics.Timer)]>([:])
    /// The totals last exported of counters read from the client statistics (so they only grow by deltas).
    private let exported = Mutex<[String: Double]>([:])

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
            .seconds(30),
        ]
        self.factory = factory
    }

    /// Counts one answered request and its duration.
    func recordRequest(route: String, method: String, status: Int, duration: Duration) {
        let key = "\(route) \(method) \(status)"
        let metric = handlers.withLock { handlers in
            if let existing = handlers[key] { return existing }
            let made = (
                count: CoreMetrics.Counter(
                    label: "scimify_scim_requests_total",
                    dimensions: [("route", route), ("method", method), ("status", String(status))], factory: factory),
                duration: CoreMetrics.Timer(
                    label: "scimify_scim_request_duration_seconds",
                    dimensions: [("route", route), ("status", String(status))], factory: factory)
            )
            handlers[key] = made
            return made
        }
        metric.count.increment()
        metric.duration.recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// Brings a counter to `total` (read from elsewhere) by adding what grew since the last export.
    func syncCounter(_ name: String, _ labels: [(String, String)], total: Double) {
        let key = name + labels.map { "\u{1F}\($0.0)=\($0.1)" }.joined()
        let delta = exported.withLock { exported in
            let grown = total - exported[key, default: 0]
            if grown > 0 { exported[key] = total }
            return grown
        }
        let counter = CoreMetrics.FloatingPointCounter(label: name, dimensions: labels, factory: factory)
        if delta > 0 { counter.increment(by: delta) }
    }

    /// Sets a gauge.
    func setGauge(_ name: String, _ labels: [(String, String)], _ value: Double) {
        CoreMetrics.Gauge(label: name, dimensions: labels, factory: factory).record(value)
    }

    /// The Prometheus text exposition of every series.
    func exposition() -> String { registry.emitToString() }

    /// The route template of a path, from the fixed set the server serves; anything else is `other`.
    static func route(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map { $0.lowercased() }
        if parts.count == 1, parts[0] == "healthz" || parts[0] == "metrics" { return "/" + parts[0] }
        guard parts.count >= 4, parts[0] == "instances", parts[2] == "scim", parts[3] == "v2" else { return "other" }
        let base = "/instances/{slug}/scim/v2"
        let resources = [
            "users": "Users", "serviceproviderconfig": "ServiceProviderConfig", "resourcetypes": "ResourceTypes",
            "schemas": "Schemas",
        ]
        switch parts.count {
        case 4: return base
        case 5: return resources[parts[4]].map { base + "/" + $0 } ?? "other"
        case 6 where parts[4] == "users": return base + (parts[5] == ".search" ? "/Users/.search" : "/Users/{id}")
        case 6 where parts[4] == "resourcetypes" || parts[4] == "schemas":
            return base + "/" + resources[parts[4]]! + "/{id}"
        default: return "other"
        }
    }

    /// The method label: the methods SCIM uses, anything else `other`.
    static func method(_ method: String) -> String {
        ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].contains(method) ? method : "other"
    }
}
