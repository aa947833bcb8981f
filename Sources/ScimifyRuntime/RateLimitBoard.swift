import ClaudeAdminAPI
import Foundation
import Synchronization

/// Where a process's clients post their waits for the Admin API's rate limit, for a display that polls it
/// (the console's status line): the latest wait and when it ends.
public final class RateLimitBoard: Sendable {
    private let latest = Mutex<(until: Date, wait: RateLimitWait)?>(nil)

    public init() {}

    /// Records a wait that starts now (a ``ClientSettings/onRateLimitWait`` observer).
    public func observe(_ wait: RateLimitWait) {
        latest.withLock { $0 = (Date().addingTimeInterval(wait.seconds), wait) }
    }

    /// When the current wait ends, or `nil` when no request is waiting at `now`.
    public func waitingUntil(now: Date = Date()) -> Date? {
        latest.withLock { entry in
            guard let entry, entry.until > now else { return nil }
            return entry.until
        }
    }
}
