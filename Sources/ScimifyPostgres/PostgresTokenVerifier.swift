import Foundation
import ScimifyCore
import ScimifyStore
import Synchronization

/// Checks SCIM bearer tokens on one replica. Token hashes are cached per instance for `lifetime`, and the
/// cache is emptied for an instance the moment any replica rotates its token (``followChanges(_:)`` on the
/// change feed), and entirely whenever the feed (re)connects, since announcements may have been missed.
public final class PostgresTokenVerifier: Sendable {
    private let instances: PostgresInstanceStore
    private let lifetime: Duration
    private let cache = Mutex<[String: (instance: Instance, hash: Data, fetched: ContinuousClock.Instant)]>([:])

    /// - Parameter lifetime: how long a hash is trusted without news from the feed (the fallback if the feed
    ///   is down; rotations normally take effect as soon as they commit).
    public init(instances: PostgresInstanceStore, lifetime: Duration = .seconds(30)) {
        self.instances = instances
        self.lifetime = lifetime
    }

    /// The instance `slug` names if `token` is its current SCIM token.
    public func instance(slug: String, token: String) async throws -> Instance? {
        let now = ContinuousClock.now
        var entry = cache.withLock { $0[slug] }
        if entry == nil || entry!.fetched.duration(to: now) > lifetime {
            guard let fresh = try await instances.instanceForAuthentication(slug: slug) else {
                cache.withLock { $0[slug] = nil }
                return nil
            }
            entry = (fresh.instance, fresh.tokenHash, now)
            cache.withLock { $0[slug] = entry }
        }
        guard let entry, SecretBox.matches(token: token, hash: entry.hash) else { return nil }
        return entry.instance
    }

    /// Empties the cache as the feed says, until the task is cancelled.
    public func followChanges(_ feed: PostgresChangeFeed) async {
        await feed.follow { [self] change in forget(change) }
    }

    private func forget(_ change: StoreChange) {
        switch change {
        case .tokenRotated(let id), .instanceChanged(let id):
            cache.withLock { $0 = $0.filter { $0.value.instance.id != id } }
        case .resynchronize: cache.withLock { $0 = [:] }
        case .intentsChanged, .dataChanged: break
        }
    }
}
