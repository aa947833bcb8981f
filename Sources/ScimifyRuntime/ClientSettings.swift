import ClaudeAdminAPI
import Logging

/// How every Admin API client of a process is built: pacing per organization, retries and logging. The CLI,
/// the console, `scimify serve` and the tests each pass theirs; the runtime alone builds clients from it.
public struct ClientSettings: Sendable {
    public var pacing: TokenBucket
    public var retry: RetryPolicy
    public var logger: Logger

    public init(pacing: TokenBucket = TokenBucket(), retry: RetryPolicy = RetryPolicy(),
                logger: Logger = Logger(label: "scimify.admin-api")) {
        self.pacing = pacing
        self.retry = retry
        self.logger = logger
    }

    /// `scimify serve`'s: upstream retries kept short (20 s at most) so the IdP gets 429/503 with `Retry-After`
    /// instead of a request that hangs.
    public static func scimServer(pacing: TokenBucket = TokenBucket()) -> ClientSettings {
        ClientSettings(pacing: pacing, retry: RetryPolicy(maxRetries: 4, baseDelay: 0.5, maxDelay: 4, maxTotalTime: 20))
    }

    /// A client for `baseURL` with `key`, counting into `statistics` when given.
    public func client(baseURL: String, key: AdminAPIKey, statistics: ClientStatistics? = nil) -> AdminAPIClient {
        AdminAPIClient(
            key: key,
            configuration: .init(baseURL: baseURL, retry: retry, pacing: pacing),
            logger: logger,
            statistics: statistics
        )
    }
}
