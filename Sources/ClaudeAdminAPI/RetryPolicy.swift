import Foundation

/// When and how long the client waits before trying a failed request again. Pure: the caller supplies
/// the attempt number, the response's hints and a random value for the jitter.
public struct RetryPolicy: Sendable, Equatable {
    /// Retries after the first attempt.
    public var maxRetries: Int
    /// First backoff delay, doubled on each retry.
    public var baseDelay: Double
    /// Largest computed backoff delay (a server's `retry-after` may ask for longer, up to ``maxTotalTime``).
    public var maxDelay: Double
    /// The total seconds a request may take, attempts and waits together; a retry that would end past it is
    /// not made and the last error is returned.
    public var maxTotalTime: Double
    /// Seconds a request may wait in all for rate limits (HTTP 429) beyond ``maxTotalTime`` and ``maxRetries``:
    /// a person at the CLI or the console waits out a per-minute limit (`--max-wait`, 120 s by default) instead
    /// of failing at once; 0 for `scimify serve`, which answers the IdP 429 with `Retry-After` instead of
    /// holding its request.
    public var maxRateLimitWait: Double

    /// - Parameters: see the properties; the defaults suit a background bridge (6 attempts within a minute).
    public init(
        maxRetries: Int = 5, baseDelay: Double = 0.5, maxDelay: Double = 8, maxTotalTime: Double = 60,
        maxRateLimitWait: Double = 0
    ) {
        self.maxRetries = maxRetries
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxTotalTime = maxTotalTime
        self.maxRateLimitWait = maxRateLimitWait
    }

    /// No retries at all.
    public static let none = RetryPolicy(maxRetries: 0)

    /// Whether an HTTP status is worth another attempt: 408, 409, 429, 5xx (including 529).
    public static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 409 || status == 429 || (500...599).contains(status)
    }

    /// The server's own hint: `x-should-retry: true|false` overrides the status rule.
    public static func shouldRetry(status: Int, shouldRetryHeader: String?, errorCode: String?) -> Bool {
        if errorCode == "enforced_spend_limit_reached" { return false }
        switch shouldRetryHeader?.lowercased() {
        case "true": return true
        case "false": return false
        default: return isRetryable(status: status)
        }
    }

    /// The delay before retry number `retry` (1-based).
    /// - Parameters:
    ///   - retry: 1 for the first retry.
    ///   - retryAfterMilliseconds: the `retry-after-ms` header.
    ///   - retryAfter: the `retry-after` header: seconds (possibly fractional) or an HTTP date.
    ///   - now: the current time, to turn an HTTP date into seconds.
    ///   - jitter: a random value in `0...1`; the exponential delay is scaled into `[0.75, 1]` of itself.
    /// - Returns: seconds to wait.
    public func delay(retry: Int, retryAfterMilliseconds: String?, retryAfter: String?, now: Date, jitter: Double)
        -> Double
    {
        if let hint = Self.serverHint(retryAfterMilliseconds: retryAfterMilliseconds, retryAfter: retryAfter, now: now)
        {
            return max(hint, 0)  // a hint past the time budget ends the retries at once (the caller reports it)
        }
        let exponential = min(baseDelay * pow(2, Double(max(retry - 1, 0))), maxDelay)
        return exponential * (0.75 + 0.25 * min(max(jitter, 0), 1))
    }

    /// Seconds the server asked to wait, from `retry-after-ms` first, then `retry-after`.
    public static func serverHint(retryAfterMilliseconds: String?, retryAfter: String?, now: Date) -> Double? {
        if let text = retryAfterMilliseconds?.trimmingCharacters(in: .whitespaces), let ms = Double(text), ms >= 0,
            ms.isFinite
        {
            return ms / 1000
        }
        guard let text = retryAfter?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        if let seconds = Double(text), seconds >= 0, seconds.isFinite { return seconds }
        if let date = httpDate(text) { return max(date.timeIntervalSince(now), 0) }
        return nil
    }

    private static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: text)
    }
}
