import Foundation
import ScimifyCore
import ScimifyStore
import Synchronization

/// Instances and their token hashes, re-read from the store at most every ``lifetime`` seconds, so a
/// filter request costs no extra database reads for authentication. A rotated token or a changed mode
/// takes effect within that time.
final class AuthenticationCache: Sendable {
    static let lifetime: TimeInterval = 2
    private let database: ScimifyDatabase
    private let entries = Mutex<[String: (instance: Instance, hash: Data, fetched: Date)]>([:])

    init(database: ScimifyDatabase) { self.database = database }

    /// The instance `slug` when `token` is its SCIM token; `nil` otherwise.
    func instance(slug: String, token: String) throws -> Instance? {
        let now = Date()
        let cached = entries.withLock { $0[slug] }
        let entry: (instance: Instance, hash: Data, fetched: Date)
        if let cached, now.timeIntervalSince(cached.fetched) < Self.lifetime {
            entry = cached
        } else {
            guard let fresh = try database.instanceForAuthentication(slug: slug) else {
                entries.withLock { $0[slug] = nil }
                return nil
            }
            entry = (fresh.instance, fresh.tokenHash, now)
            entries.withLock { $0[slug] = entry }
        }
        return ScimifyDatabase.token(token, matches: entry.hash) ? entry.instance : nil
    }
}
