import Foundation
import Logging
import ScimifyCore
import ServiceLifecycle

/// `scimify serve`'s retrier of unfinished intents (and of the first refresh of an instance that has no mirror
/// yet, so the mirror is loaded before it is relied on): a pass at start, then again while any stay open, with
/// backoff (`initialDelay` doubling up to `maximumDelay`), and every `idleInterval` otherwise (a CLI killed
/// mid-change leaves one behind while the server runs). Each attempt is logged and audited; intents that are
/// refused end as *needs attention* and are not retried.
public struct IntentRetryService: Service {
    let runtimes: InstanceRuntimes
    let initialDelay: Duration
    let maximumDelay: Duration
    let idleInterval: Duration

    public init(
        runtimes: InstanceRuntimes, initialDelay: Duration = .seconds(2), maximumDelay: Duration = .seconds(300),
        idleInterval: Duration = .seconds(30)
    ) {
        self.runtimes = runtimes
        self.initialDelay = initialDelay
        self.maximumDelay = maximumDelay
        self.idleInterval = idleInterval
    }

    public func run() async throws {
        try? await cancelWhenGracefulShutdown {
            var delay = initialDelay
            while !Task.isCancelled {
                let unrefreshed = await runtimes.refreshNeverRefreshed { "scim:\($0.slug)" }
                let open = await runtimes.retryOpenIntents { "scim:\($0.slug)" } + unrefreshed
                if open > 0 {
                    try await Task.sleep(for: delay)
                    delay = min(delay * 2, maximumDelay)
                } else {
                    delay = initialDelay
                    try await Task.sleep(for: idleInterval)
                }
            }
        }
    }
}
