import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SCIMProtocol
import ScimifyCore
import ScimifyRuntime
import ScimifyStorage

/// The SCIM 2.0 HTTP surface: every instance at `/instances/<slug>/scim/v2`, authenticated by that instance's
/// bearer token only, plus `/healthz` and `/metrics`. Every response body is `application/scim+json`
/// (except the Prometheus text of `/metrics`).
public struct SCIMServer: Sendable {
    /// Where to listen and how to name this server in `Location` headers.
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        /// The public base URL (`https://bridge.example.com`) used for `meta.location`; defaults to the
        /// request's own scheme and host.
        public var publicBaseURL: String?
        /// When set, `/metrics` answers only `Authorization: Bearer <token>` (`serve --metrics-token-file`).
        public var metricsToken: String?
        /// How long an instance's token hash and settings are trusted without reading the store again. Short
        /// (2 s) on its own; a server told of every change by a change feed (``forgetCachedAuthentication(instanceID:)``,
        /// replicas on PostgreSQL) can trust them longer and read the store less.
        public var authenticationLifetime: TimeInterval = 2
        /// How long the SCIM request log keeps requests (`nil`: no request log is kept).
        public var requestLogRetention: RequestLogRetention? = .standard

        public init(
            host: String = "127.0.0.1", port: Int = 8080, publicBaseURL: String? = nil, metricsToken: String? = nil
        ) {
            self.host = host
            self.port = port
            self.publicBaseURL = publicBaseURL
            self.metricsToken = metricsToken
        }
    }

    public static let maximumBodyBytes = 1 << 20

    let configuration: Configuration
    var store: any StorePort { runtimes.store }
    /// The runtime provider: the server asks it for an instance's provisioner and never builds a client.
    public let runtimes: InstanceRuntimes
    let authentication: AuthenticationCache
    let metrics = ServerMetrics()
    let logger: Logger
    /// The queue of SCIM requests for the request log (`nil` when none is kept); ``RequestLogService`` writes it.
    public let requestLog: RequestLogWriter?

    /// - Parameters:
    ///   - runtimes: the instances' runtimes (shared with the intent retrier): the server asks them for an
    ///     instance's provisioner and never builds an Admin API client itself.
    public init(
        configuration: Configuration, runtimes: InstanceRuntimes,
        logger: Logger = Logger(label: "scimify.scim")
    ) {
        self.configuration = configuration
        authentication = AuthenticationCache(store: runtimes.store, lifetime: configuration.authenticationLifetime)
        self.runtimes = runtimes
        self.logger = logger
        requestLog = configuration.requestLogRetention == nil ? nil : RequestLogWriter()
    }

    /// Drops the cached token hash and settings of one instance (`nil`: of all), for a change feed that hears
    /// of a token rotation or a settings change made through another replica.
    public func forgetCachedAuthentication(instanceID: Int64?) {
        authentication.forget(instanceID: instanceID)
    }

    /// The Hummingbird application; run it in a `ServiceGroup` (graceful shutdown finishes requests in flight).
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: SCIMRequestContext.self, options: .caseInsensitive)
        router.add(middleware: SCIMErrorMiddleware(metrics: metrics, requestLog: requestLog))
        router.get("/healthz") { _, _ in
            SCIMResponses.json(.object(["status": .string("ok")]))
        }
        router.get("/metrics") { request, _ in
            if let token = configuration.metricsToken,
                !MetricsAuthorization.allows(request.headers[.authorization], token: token)
            {
                var headers = HTTPFields()
                headers[.wwwAuthenticate] = "Bearer"
                headers[.contentType] = "text/plain; charset=utf-8"
                return Response(
                    status: .unauthorized, headers: headers,
                    body: ResponseBody(
                        byteBuffer: ByteBuffer(string: "metrics need the bearer token of --metrics-token-file\n")))
            }
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(
                status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: await metricsText())))
        }
        SCIMRoutes.add(to: router, server: self)
        return Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: [ExpectContinueHandler()])),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    /// Prometheus text: requests by route template, method and status with their durations; upstream calls by
    /// endpoint and status, retries, pacer and rate-limit waits; intents by state, problems by kind, held
    /// removals and seconds since the last refresh per instance. No secret and no member data.
    func metricsText() async -> String {
        for upstream in runtimes.allStatistics() {
            let instance = ("instance", upstream.slug)
            for (key, count) in upstream.calls {
                let parts = key.split(separator: " ")
                let endpoint = parts.dropLast().joined(separator: " ")
                metrics.syncCounter(
                    "scimify_upstream_calls_total",
                    [instance, ("endpoint", endpoint), ("status", String(parts.last ?? "0"))],
                    total: Double(count))
            }
            for (endpoint, count) in upstream.retries {
                metrics.syncCounter(
                    "scimify_upstream_retries_total", [instance, ("endpoint", endpoint)], total: Double(count))
            }
            metrics.syncCounter("scimify_upstream_pacer_waits_total", [instance], total: Double(upstream.pacerWaits))
            metrics.syncCounter(
                "scimify_upstream_pacer_wait_seconds_total", [instance], total: upstream.pacerWaitSeconds)
            metrics.syncCounter(
                "scimify_upstream_rate_limit_waits_total", [instance], total: Double(upstream.rateLimitWaits))
        }
        if let requestLog {
            let counts = requestLog.counts
            metrics.syncCounter("scimify_request_log_written_total", [], total: Double(counts.written))
            metrics.syncCounter("scimify_request_log_dropped_total", [], total: Double(counts.dropped))
            metrics.syncCounter("scimify_request_log_write_failures_total", [], total: Double(counts.failed))
        }
        let open = (try? await store.openIntentCounts()) ?? [:]
        let attention = (try? await store.attentionCounts()) ?? [:]
        for instance in (try? await store.instances()) ?? [] {
            let label = ("instance", instance.slug)
            metrics.setGauge("scimify_intents", [label, ("state", "open")], Double(open[instance.id] ?? 0))
            metrics.setGauge(
                "scimify_intents", [label, ("state", "needs_attention")], Double(attention[instance.id] ?? 0))
            let problems = (try? await runtimes.runtime(for: instance).problems()) ?? []
            for kind in Problem.Kind.allCases {
                metrics.setGauge(
                    "scimify_problems", [label, ("kind", kind.rawValue)],
                    Double(problems.filter { $0.kind == kind }.count))
            }
            metrics.setGauge(
                "scimify_held_removals", [label], Double(problems.filter { $0.kind == .heldRemoval }.count))
            if let refreshed = try? await store.lastRefresh(instanceID: instance.id) {
                metrics.setGauge(
                    "scimify_seconds_since_refresh", [label], Date().timeIntervalSince(refreshed).rounded())
            }
        }
        return metrics.exposition()
    }
}
