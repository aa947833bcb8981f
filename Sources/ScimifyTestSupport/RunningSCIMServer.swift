import AsyncHTTPClient
import ClaudeAdminAPI
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import SCIMServer
import ScimifyCore
import ScimifyRuntime
import ScimifyServe
import ScimifyStorage
import ServiceLifecycle

/// A SCIM server on a loopback port over a ``StoreFixture``, with a small HTTP helper for tests.
public struct RunningSCIMServer: Sendable {
    public let port: Int
    /// The instance's slug and SCIM token.
    public let slug: String
    public let scimToken: String
    private let storedFixture: StoreFixture?

    /// A server already listening on `port` over `fixture` (such as a `scimify serve` child process).
    public init(port: Int, fixture: StoreFixture) {
        self.port = port
        slug = fixture.instance.slug
        scimToken = fixture.scimToken
        storedFixture = fixture
    }

    /// A server whose store is not a ``StoreFixture`` (a replica on PostgreSQL).
    public init(port: Int, slug: String, scimToken: String) {
        self.port = port
        self.slug = slug
        self.scimToken = scimToken
        storedFixture = nil
    }

    /// The SQLite fixture the server runs over (only for servers made with one).
    public var fixture: StoreFixture {
        guard let storedFixture else { preconditionFailure("this server was not started over a StoreFixture") }
        return storedFixture
    }

    /// `http://127.0.0.1:<port>/instances/<slug>/scim/v2`.
    public var base: String { "http://127.0.0.1:\(port)/instances/\(slug)/scim/v2" }

    /// One HTTP exchange's status, headers and parsed JSON body.
    public struct Reply: Sendable {
        public let status: Int
        public let headers: [String: String]
        public let text: String

        public var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
        }
    }

    /// Sends a request to `base + path` (or an absolute URL) with the instance's token unless `token` is given.
    /// A body goes as `application/scim+json` unless `headers` names another `content-type` (an empty one: none).
    public func call(
        _ method: String, _ path: String, body: String? = nil, token: String? = nil, headers: [String: String] = [:]
    ) async throws -> Reply {
        let url = path.hasPrefix("http") ? path : base + path
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "authorization", value: token ?? "Bearer \(scimToken)")
        for (name, value) in headers where !value.isEmpty { request.headers.replaceOrAdd(name: name, value: value) }
        if let body {
            if !headers.keys.contains(where: { $0.lowercased() == "content-type" }) {
                request.headers.add(name: "content-type", value: "application/scim+json")
            }
            request.body = .bytes(ByteBuffer(string: body))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 << 20)
        var collected: [String: String] = [:]
        for header in response.headers { collected[header.name.lowercased()] = header.value }
        return Reply(status: Int(response.status.code), headers: collected, text: String(buffer: bytes))
    }
}

/// Runs a SCIM server over `fixture` for the duration of `body`.
public func withSCIMServer<T: Sendable>(
    _ fixture: StoreFixture,
    pacing: TokenBucket = TokenBucket(ratePerMinute: 1_000_000, burst: 1_000_000),
    metricsToken: String? = nil, requestLog: RequestLogRetention? = .standard,
    _ body: @Sendable (RunningSCIMServer) async throws -> T
) async throws -> T {
    try await withSCIMServer(
        store: fixture.database, settings: testClientSettings(pacing: pacing), metricsToken: metricsToken,
        requestLog: requestLog
    ) { port in
        try await body(RunningSCIMServer(port: port, fixture: fixture))
    }
}

/// Runs what `scimify serve` runs (``ServeApplication``) over any store for `body`, which gets the port it listens
/// on: on PostgreSQL the change feed and the shared request bucket too, as a replica would. No background retrier
/// of unfinished changes (tests resume them themselves).
public func withSCIMServer<T: Sendable>(
    store: any StorePort, settings: ClientSettings, metricsToken: String? = nil,
    requestLog: RequestLogRetention? = .standard,
    _ body: @Sendable (Int) async throws -> T
) async throws -> T {
    var logger = Logger(label: "scimify.test.scim")
    logger.logLevel = .critical
    var server = SCIMServer.Configuration(port: 0, metricsToken: metricsToken)
    server.requestLogRetention = requestLog
    let application = ServeApplication(
        store: store,
        options: .init(server: server, settings: settings, intentRetryInterval: nil),
        logger: logger)
    return try await withLoopbackServices(label: "scimify.test.scim", { application.services(onRunning: $0) }) {
        port in try await body(port)
    }
}

/// The client settings of test servers: pacing as given, quick retries.
public func testClientSettings(pacing: TokenBucket = TokenBucket(ratePerMinute: 1_000_000, burst: 1_000_000))
    -> ClientSettings
{
    ClientSettings(pacing: pacing, retry: RetryPolicy(maxRetries: 5, baseDelay: 0.05, maxDelay: 1, maxTotalTime: 30))
}
