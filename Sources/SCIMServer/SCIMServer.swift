import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import SCIMProtocol
import ScimifyCore
import ScimifyStore
import ScimifyRuntime

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

        public init(host: String = "127.0.0.1", port: Int = 8080, publicBaseURL: String? = nil) {
            self.host = host
            self.port = port
            self.publicBaseURL = publicBaseURL
        }
    }

    public static let maximumBodyBytes = 1 << 20

    let configuration: Configuration
    let database: ScimifyDatabase
    /// The runtime provider: the server asks it for an instance's provisioner and never builds a client.
    public let runtimes: InstanceRuntimes
    let authentication: AuthenticationCache
    let metrics = ServerMetrics()
    let logger: Logger

    /// - Parameters:
    ///   - runtimes: the instances' runtimes (shared with the intent retrier): the server asks them for an
    ///     instance's provisioner and never builds an Admin API client itself.
    public init(configuration: Configuration, database: ScimifyDatabase, runtimes: InstanceRuntimes,
                logger: Logger = Logger(label: "scimify.scim")) {
        self.configuration = configuration
        self.database = database
        self.authentication = AuthenticationCache(database: database)
        self.runtimes = runtimes
        self.logger = logger
    }

    /// The Hummingbird application; run it in a `ServiceGroup` (graceful shutdown finishes requests in flight).
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = Router(context: SCIMRequestContext.self, options: .caseInsensitive)
        router.add(middleware: SCIMErrorMiddleware(metrics: metrics))
        router.get("/healthz") { _, _ in
            SCIMResponses.json(.object(["status": .string("ok")]))
        }
        router.get("/metrics") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: await metricsText())))
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

    /// Prometheus text: requests by route and status, upstream calls and retries, intents pending, and
    /// seconds since the last refresh per instance. No secret and no member data.
    func metricsText() async -> String {
        var lines = ["# TYPE scimify_scim_requests_total counter"]
        lines += metrics.requestLines()
        lines.append("# TYPE scimify_upstream_calls_total counter")
        var retryLines = ["# TYPE scimify_upstream_retries_total counter"]
        for (slug, calls, retries) in runtimes.allStatistics() {
            for (key, count) in calls.sorted(by: { $0.key < $1.key }) {
                let parts = key.split(separator: " ")
                let status = parts.last ?? "0"
                let endpoint = parts.dropLast().joined(separator: " ")
                lines.append("scimify_upstream_calls_total{instance=\"\(slug)\",endpoint=\"\(endpoint)\",status=\"\(status)\"} \(count)")
            }
            for (endpoint, count) in retries.sorted(by: { $0.key < $1.key }) {
                retryLines.append("scimify_upstream_retries_total{instance=\"\(slug)\",endpoint=\"\(endpoint)\"} \(count)")
            }
        }
        lines += retryLines
        lines.append("# TYPE scimify_intents_pending gauge")
        lines.append("scimify_intents_pending \((try? database.pendingIntentCount()) ?? 0)")
        lines.append("# TYPE scimify_intents_needing_attention gauge")
        let attention = (try? database.attentionCounts()) ?? [:]
        let instances = (try? database.instances()) ?? []
        for instance in instances {
            lines.append("scimify_intents_needing_attention{instance=\"\(instance.slug)\"} \(attention[instance.id] ?? 0)")
        }
        lines.append("# TYPE scimify_problems gauge")
        for instance in instances {
            let problems = (try? await runtimes.runtime(for: instance).problems()) ?? []
            for kind in Problem.Kind.allCases {
                lines.append("scimify_problems{instance=\"\(instance.slug)\",kind=\"\(kind.rawValue)\"} \(problems.filter { $0.kind == kind }.count)")
            }
        }
        lines.append("# TYPE scimify_seconds_since_refresh gauge")
        for instance in (try? database.instances()) ?? [] {
            if let refreshed = try? database.lastRefresh(instanceID: instance.id) {
                lines.append("scimify_seconds_since_refresh{instance=\"\(instance.slug)\"} \(Int(Date().timeIntervalSince(refreshed)))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
