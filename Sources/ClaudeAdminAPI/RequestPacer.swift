import ScimifyCore

/// A token bucket that keeps one organization's request rate under the Admin API's limit.
///
/// Pure state: ``reserve(at:)`` takes a token and says how long the caller must wait for it.
/// With `burst` tokens and `ratePerMinute` refill, no 60-second window sees more than
/// `burst + ratePerMinute` requests; the defaults (10 + 90) stay within the documented 100 a minute.
public struct TokenBucket: Sendable, Equatable {
    public let ratePerMinute: Double
    public let burst: Double
    private var tokens: Double
    private var updatedAt: Double?

    /// - Parameters:
    ///   - ratePerMinute: sustained requests a minute; must be positive.
    ///   - burst: requests allowed back to back after a quiet period (at least 1).
    public init(ratePerMinute: Double = 90, burst: Double = 10) {
        self.ratePerMinute = max(ratePerMinute, 0.001)
        self.burst = max(burst, 1)
        self.tokens = self.burst
    }

    /// Takes one token.
    /// - Parameter now: monotonic seconds.
    /// - Returns: seconds to wait before sending (0 when a token was available).
    public mutating func reserve(at now: Double) -> Double {
        let perSecond = ratePerMinute / 60
        if let updatedAt {
            tokens = min(burst, tokens + max(now - updatedAt, 0) * perSecond)
        }
        updatedAt = now
        tokens -= 1
        return tokens >= 0 ? 0 : -tokens / perSecond
    }
}

/// Paces requests through a ``TokenBucket`` shared by every task of one client.
public actor RequestPacer: RequestPacing {
    private var bucket: TokenBucket
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    /// - Parameter bucket: the rate and burst to enforce.
    public init(bucket: TokenBucket) {
        self.bucket = bucket
        self.origin = clock.now
    }

    /// Waits until the request may be sent.
    /// - Returns: the seconds waited (0 when a token was available).
    /// - Throws: `CancellationError` when the task is cancelled while waiting.
    @discardableResult
    public func acquire() async throws -> Double {
        try await PacingTurn.take(reserve: { bucket.reserve(at: seconds()) }, now: { seconds() })
    }

    private func seconds() -> Double {
        let elapsed = origin.duration(to: clock.now)
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
