import Logging
import PostgresNIO
import ScimifyCore
import ScimifyStorage

/// One token bucket per organization in the database, shared by every replica: the Admin API's limit is per
/// organization, so N replicas together must stay under it. Each request takes a token with one `UPDATE` (the
/// row lock serializes replicas) computed on the server's clock, so replicas with skewed clocks agree; the
/// caller sleeps for the wait it returns. Same arithmetic as ``TokenBucket``: no 60-second window sees more
/// than `burst + ratePerMinute` requests from all replicas together. (The refill is read with one
/// `clock_timestamp()` and stored with a later one: the microseconds between are lost, never gained.)
public struct SharedRequestPacer: RequestPacing {
    let pool: PostgresPool
    /// The organization's key in `scimify_pacer` (replicas of one organization use the same one).
    public let organization: String
    public let ratePerMinute: Double
    public let burst: Double

    public init(pool: PostgresPool, organization: String, ratePerMinute: Double = 90, burst: Double = 10) {
        self.pool = pool
        self.organization = organization
        self.ratePerMinute = max(ratePerMinute, 0.001)
        self.burst = max(burst, 1)
    }

    @discardableResult
    public func acquire() async throws -> Double {
        let clock = ContinuousClock()
        let origin = clock.now
        return try await PacingTurn.take(reserve: { try await reserve() }) {
            let elapsed = origin.duration(to: clock.now)
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }
    }

    /// Takes one token and returns the seconds to wait for it (0 when one was available).
    func reserve() async throws -> Double {
        let perSecond = ratePerMinute / 60
        let rows = try await pool.client.query(
            """
            INSERT INTO scimify_pacer AS bucket (organization, tokens, updated_at)
            VALUES (\(organization), \(burst) - 1, clock_timestamp())
            ON CONFLICT (organization) DO UPDATE SET
                tokens = LEAST(\(burst), bucket.tokens
                    + GREATEST(EXTRACT(EPOCH FROM (clock_timestamp() - bucket.updated_at)), 0) * \(perSecond)) - 1,
                updated_at = clock_timestamp()
            RETURNING tokens
            """, logger: pool.logger)
        for try await tokens in rows.decode(Double.self) {
            return tokens >= 0 ? 0 : -tokens / perSecond
        }
        throw StoreError("the shared pacer of \(organization) returned no row")
    }
}
