import Foundation
import Logging
import ScimifyCore
import ServiceLifecycle

/// `scimify serve`'s retrier of unfinished intents (and of the first refresh of an instance that has no mirror
/// yet, so the mirror is loaded before it is relied on): a pass at start, then again while any stay open, with
/// backoff (`initialDelay` doubling up to `maximumDelay`, from the start again after a pass that settled one),
/// and every `idleInterval` otherwise (a CLI killed
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
                let pass = await runtimes.retryOpenIntents { "scim:\($0.slug)" }
                if pass.stillOpen + unrefreshed > 0 {
                    // Backoff only while nothing moves: a pass that settled an intent (another replica's crash
                    // left it, say) starts over from the first delay, so the next one is not kept waiting.
                    if pass.settled > 0 { delay = initialDelay }
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
