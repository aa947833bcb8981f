import ClaudeAdminAPI

/// One instance's upstream counters as plain values, so `/metrics` reads them without the client module.
public struct UpstreamCounters: Sendable, Equatable {
    public var slug: String
    /// Calls by `"<endpoint> <status>"` (status 0: a transport failure).
    public var calls: [String: Int]
    /// Retries by endpoint.
    public var retries: [String: Int]
    /// Waits for the pacer (to stay under the organization's limit) and for the API's 429s, with seconds.
    public var pacerWaits: Int
    public var pacerWaitSeconds: Double
    public var rateLimitWaits: Int
    public var rateLimitWaitSeconds: Double

    init(slug: String, _ statistics: ClientStatistics) {
        self.slug = slug
        calls = statistics.calls
        retries = statistics.retries
        let waits = statistics.waits
        pacerWaits = waits.pacer
        pacerWaitSeconds = waits.pacerSeconds
        rateLimitWaits = waits.rateLimit
        rateLimitWaitSeconds = waits.rateLimitSeconds
    }
}
