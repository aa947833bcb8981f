import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import ScimifyCore

/// The Anthropic Admin API client for organization members, invites and org info.
///
/// Sends `x-api-key` and `anthropic-version: 2023-06-01`, retries transient failures with backoff that
/// honours `retry-after`, paces requests under the organization's rate limit, and maps every failure to a
/// ``ScimifyCore/ProvisioningError`` that carries the `request-id`. The key never appears in a log line,
/// an error or a description.
public struct AdminAPIClient: AdminAPIPort {
    /// Client settings with production defaults.
    public struct Configuration: Sendable {
        /// `https://api.anthropic.com`, or a simulator's loopback URL.
        public var baseURL: String
        public var retry: RetryPolicy
        /// Requests a minute and burst for this organization.
        public var pacing: TokenBucket
        /// A pacer shared with other processes (several replicas of one organization); when set, it is used
        /// instead of a bucket of this client's own made from ``pacing``.
        public var sharedPacer: (any RequestPacing)?
        /// Per-attempt deadline.
        public var requestTimeout: TimeAmount
        /// Page size for full listings (the API allows 1..1000).
        public var pageSize: Int
        /// Largest response body accepted.
        public var maxResponseBytes: Int
        /// Told before each wait for a rate limit (a countdown on stderr, the console's status line).
        public var onRateLimitWait: (@Sendable (RateLimitWait) -> Void)?

        public static let defaultBaseURL = "https://api.anthropic.com"
        public static let apiVersion = "2023-06-01"

        public init(
            baseURL: String = Configuration.defaultBaseURL,
            retry: RetryPolicy = RetryPolicy(),
            pacing: TokenBucket = TokenBucket(),
            requestTimeout: TimeAmount = .seconds(30),
            pageSize: Int = 1000,
            maxResponseBytes: Int = 64 << 20
        ) {
            self.baseURL = baseURL
            self.retry = retry
            self.pacing = pacing
            self.requestTimeout = requestTimeout
            self.pageSize = min(max(pageSize, 1), 1000)
            self.maxResponseBytes = maxResponseBytes
        }
    }

    /// The process-wide HTTP client: 10 s connect timeout and no silent reconnect loop, so a dead upstream is
    /// reported by our retry policy (with its cap) instead of AsyncHTTPClient retrying until the deadline.
    public static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.timeout.connect = .seconds(10)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    let configuration: Configuration
    /// The base URL requests go to, without a trailing slash.
    public let baseURL: String
    private let key: AdminAPIKey
    private let http: HTTPClient
    private let pacer: any RequestPacing
    private let logger: Logger
    private let jitter: @Sendable () -> Double
    let statistics: ClientStatistics?

    /// - Parameters:
    ///   - key: the Admin API key.
    ///   - configuration: base URL, retries, pacing, timeouts.
    ///   - httpClient: the shared AsyncHTTPClient; the caller owns its lifetime.
    ///   - logger: receives one line per failure and retry, with the request-id and never the key.
    ///   - statistics: optional counters of calls, retries and statuses (for `/metrics` and benchmarks).
    ///   - jitter: random source in `0...1` for backoff jitter; injectable for tests.
    public init(
        key: AdminAPIKey,
        configuration: Configuration = Configuration(),
        httpClient: HTTPClient = AdminAPIClient.sharedHTTPClient,
        logger: Logger = Logger(label: "scimify.admin-api"),
        statistics: ClientStatistics? = nil,
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
    ) {
        self.key = key
        self.configuration = configuration
        var base = configuration.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.http = httpClient
        self.pacer = configuration.sharedPacer ?? RequestPacer(bucket: configuration.pacing)
        self.logger = logger
        self.statistics = statistics
        self.jitter = jitter
    }

    /// One HTTP exchange's useful parts.
    struct Reply {
        let status: Int
        let body: ByteBuffer
        let requestID: String?
    }

    /// Sends a request, retrying as the ``RetryPolicy`` allows, and returns a 2xx reply.
    /// - Parameters:
    ///   - endpoint: a label for logs and statistics, such as `POST /invites`.
    /// - Throws: ``ProvisioningError`` for non-2xx answers and exhausted retries; `CancellationError`.
    func send(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Data? = nil, endpoint: String)
        async throws -> Reply
    {
        let url = baseURL + path + QueryString.encode(query)
        let started = ContinuousClock.now
        var retry = 0
        var rateLimitWaited = 0.0
        while true {
            try Task.checkCancellation()
            let paced = try await pacer.acquire()
            if paced > 0 { statistics?.recordPacerWait(seconds: paced) }
            let failure: ProvisioningError
            let retryAfterMs: String?
            let retryAfter: String?
            switch try await attempt(method, url: url, body: body, endpoint: endpoint) {
            case .success(let reply):
                return reply
            case .retryable(let error, let hintMs, let hint):
                (failure, retryAfterMs, retryAfter) = (error, hintMs, hint)
            }
            retry += 1
            let delay = configuration.retry.delay(
                retry: retry,
                retryAfterMilliseconds: retryAfterMs,
                retryAfter: retryAfter,
                now: Date(),
                jitter: jitter()
            )
            let elapsed = started.duration(to: .now)
            let elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let cap = configuration.retry.maxRateLimitWait
            if failure.kind == .rateLimited, cap > 0 {
                // A person waits out the limit, up to the cap in all (--max-wait), whatever the other retry budgets.
                guard rateLimitWaited + delay <= cap else {
                    let final = ProvisioningError(
                        kind: .rateLimited,
                        message: failure.message + "; it asks to wait \(Int(delay.rounded(.up))) s more, past the "
                            + "\(Int(cap)) s this command may wait (--max-wait)",
                        requestID: failure.requestID, httpStatus: failure.httpStatus, errorCode: failure.errorCode,
                        retryAfter: delay)
                    logger.warning("admin api gave up", metadata: final.logMetadata(endpoint: endpoint))
                    throw final
                }
                rateLimitWaited += delay
                statistics?.recordRateLimitWait(seconds: delay)
                if delay >= 1 {
                    configuration.onRateLimitWait?(
                        RateLimitWait(endpoint: endpoint, seconds: delay, requestID: failure.requestID))
                }
                logger.notice(
                    "admin api rate limited; waiting",
                    metadata: failure.logMetadata(endpoint: endpoint).merging(
                        ["delay_s": "\(delay)", "waited_s": "\(rateLimitWaited)"], uniquingKeysWith: { $1 }))
                try await Task.sleep(for: .seconds(delay))
                continue
            }
            guard retry <= configuration.retry.maxRetries, elapsedSeconds + delay <= configuration.retry.maxTotalTime
            else {
                let final = failure.exhausted(attempts: retry, elapsed: elapsed, retryAfter: delay)
                logger.warning("admin api gave up", metadata: final.logMetadata(endpoint: endpoint))
                throw final
            }
            statistics?.recordRetry(endpoint: endpoint)
            logger.notice(
                "admin api retry",
                metadata: failure.logMetadata(endpoint: endpoint).merging(
                    ["retry": "\(retry)", "delay_s": "\(delay)"],
                    uniquingKeysWith: { $1 }
                )
            )
            try await Task.sleep(for: .seconds(delay))
        }
    }

    /// The result of one attempt that did not end the request.
    private enum Attempt {
        case success(Reply)
        case retryable(ProvisioningError, retryAfterMilliseconds: String?, retryAfter: String?)
    }

    /// Sends once. Returns a 2xx reply or a retryable failure; throws definitive failures and cancellation.
    private func attempt(_ method: HTTPMethod, url: String, body: Data?, endpoint: String) async throws -> Attempt {
        let response: HTTPClientResponse
        let bytes: ByteBuffer
        do {
            var request = HTTPClientRequest(url: url)
            request.method = method
            key.withSecret { request.headers.add(name: "x-api-key", value: $0) }
            request.headers.add(name: "anthropic-version", value: Configuration.apiVersion)
            request.headers.add(name: "accept", value: "application/json")
            if let body {
                request.headers.add(name: "content-type", value: "application/json")
                request.body = .bytes(ByteBuffer(data: body))
            }
            response = try await http.execute(request, timeout: configuration.requestTimeout)
            bytes = try await response.body.collect(upTo: configuration.maxResponseBytes)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            statistics?.record(endpoint: endpoint, status: 0)
            let (failure, retryable) = AdminAPIErrorMapper.networkError(error, baseURL: baseURL, endpoint: endpoint)
            // A closed port or a name that does not resolve will not change in the next seconds: say so now.
            if !retryable {
                logger.warning("admin api unreachable", metadata: failure.logMetadata(endpoint: endpoint))
                throw failure
            }
            return .retryable(failure, retryAfterMilliseconds: nil, retryAfter: nil)
        }
        let status = Int(response.status.code)
        let requestID = response.headers.first(name: "request-id")
        statistics?.record(endpoint: endpoint, status: status)
        if (200...299).contains(status) {
            return .success(Reply(status: status, body: bytes, requestID: requestID))
        }
        let failure = AdminAPIErrorMapper.error(status: status, body: bytes, requestID: requestID, endpoint: endpoint)
        let shouldRetry = RetryPolicy.shouldRetry(
            status: status,
            shouldRetryHeader: response.headers.first(name: "x-should-retry"),
            errorCode: failure.errorCode
        )
        guard shouldRetry else {
            logger.info("admin api refused", metadata: failure.logMetadata(endpoint: endpoint))
            throw failure
        }
        return .retryable(
            failure,
            retryAfterMilliseconds: response.headers.first(name: "retry-after-ms"),
            retryAfter: response.headers.first(name: "retry-after")
        )
    }

    /// Decodes a JSON reply body, turning a shape mismatch into `.invalidResponse` with the request-id.
    func decode<T: Decodable>(_ type: T.Type, from reply: Reply, endpoint: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: reply.body)
        } catch {
            throw ProvisioningError(
                kind: .invalidResponse,
                message: "the Admin API sent a response to \(endpoint) that Scimify cannot read (\(error))",
                requestID: reply.requestID,
                httpStatus: reply.status
            )
        }
    }
}
