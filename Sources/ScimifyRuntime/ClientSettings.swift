import ClaudeAdminAPI
import Logging
import ScimifyCore

/// How every Admin API client of a process is built: pacing per organization, retries and logging. The CLI,
/// the console, `scimify serve` and the tests each pass theirs; the runtime alone builds clients from it.
public struct ClientSettings: Sendable {
    public var pacing: TokenBucket
    public var retry: RetryPolicy
    public var logger: Logger
    /// Told before each wait for the rate limit (the CLI's countdown, the console's status line).
    public var onRateLimitWait: (@Sendable (RateLimitWait) -> Void)?
    /// The pacer an instance's clients share with other replicas (PostgreSQL: one bucket per organization in
    /// the database); `nil`, or `nil` for an instance: each client paces with its own bucket from ``pacing``.
    public var sharedPacer: (@Sendable (Instance) -> (any RequestPacing)?)?

    public init(
        pacing: TokenBucket = TokenBucket(), retry: RetryPolicy = RetryPolicy(),
        logger: Logger = Logger(label: "scimify.admin-api"), onRateLimitWait: (@Sendable (RateLimitWait) -> Void)? = nil
    ) {
        self.pacing = pacing
        self.retry = retry
        self.logger = logger
        self.onRateLimitWait = onRateLimitWait
    }

    /// `scimify serve`'s: upstream retries kept short (20 s at most) so the IdP gets 429/503 with `Retry-After`
    /// instead of a request that hangs.
    public static func scimServer(pacing: TokenBucket = TokenBucket()) -> ClientSettings {
        ClientSettings(pacing: pacing, retry: RetryPolicy(maxRetries: 4, baseDelay: 0.5, maxDelay: 4, maxTotalTime: 20))
    }

    /// A client for `baseURL` with `key`, counting into `statistics` when given; its log lines name `instance`.
    public func client(
        baseURL: String, key: AdminAPIKey, statistics: ClientStatistics? = nil, instance: String? = nil,
        sharedPacer: (any RequestPacing)? = nil
    ) -> AdminAPIClient {
        var logger = logger
        if let instance { logger[metadataKey: "instance"] = "\(instance)" }
        return AdminAPIClient(
            key: key,
            configuration: {
                var configuration = AdminAPIClient.Configuration(baseURL: baseURL, retry: retry, pacing: pacing)
                configuration.onRateLimitWait = onRateLimitWait
                configuration.sharedPacer = sharedPacer
                return configuration
            }(),
            logger: logger,
            statistics: statistics
        )
    }
}
