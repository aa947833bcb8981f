import Foundation
import ScimifyCore
import ScimifyStorage
import Synchronization

/// Instances and their token hashes, re-read from the store at most every `lifetime` seconds, so a
/// filter request costs no extra database reads for authentication. A rotated token or a changed mode
/// takes effect within that time, or at once when the store's change feed says so (``forget(instanceID:)``:
/// replicas on PostgreSQL hear of a rotation on another replica when it commits).
final class AuthenticationCache: Sendable {
    private let lifetime: TimeInterval
    private let store: any StorePort
    private let entries = Mutex<[String: (instance: Instance, hash: Data, fetched: Date)]>([:])

    init(store: any StorePort, lifetime: TimeInterval) {
        self.store = store
        self.lifetime = lifetime
    }

    /// The instance `slug` when `token` is its SCIM token; `nil` otherwise.
    /// - Parameter fresh: read the store whatever is cached: a request that changes Claude acts on the mode,
    ///   guard and offboarding policy the store holds now (an `instances set-mode NAME dry-run` that printed
    ///   "now in dry-run mode" holds for the next write at once), and on the token as it is now.
    func instance(slug: String, token: String, fresh: Bool = false) async throws -> Instance? {
        let now = Date()
        let cached = entries.withLock { $0[slug] }
        let entry: (instance: Instance, hash: Data, fetched: Date)
        if !fresh, let cached, now.timeIntervalSince(cached.fetched) < lifetime {
            entry = cached
        } else {
            guard let fresh = try await store.instanceForAuthentication(slug: slug) else {
                entries.withLock { $0[slug] = nil }
                return nil
            }
            entry = (fresh.instance, fresh.tokenHash, now)
            entries.withLock { $0[slug] = entry }
        }
        return SCIMTokenCheck.matches(token, hash: entry.hash) ? entry.instance : nil
    }

    /// Drops what is cached of one instance (`nil`: of every instance); the next request reads the store.
    func forget(instanceID: Int64?) {
        entries.withLock { entries in
            entries = instanceID.map { id in entries.filter { $0.value.instance.id != id } } ?? [:]
        }
    }
}
