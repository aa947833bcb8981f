import Foundation

/// Who made an API key, as an operator reads it: a member (by email), someone who is no longer a member, a
/// service account, or nobody recorded. The console's Keys view and `scimify keys list` name makers this way.
public enum APIKeyMaker: Sendable, Equatable {
    case member(email: String, userID: String)
    /// Recorded as made by a user who is not a member now: the key is an orphan.
    case departed(userID: String)
    case serviceAccount(id: String)
    /// `created_by: null` (legacy, workload-identity or system keys): it cannot be attributed (spec §14.1).
    case unrecorded

    /// For a table cell: `jane@acme.example`, `left · user_01…`, `service account`, `—`.
    public var short: String {
        switch self {
        case .member(let email, _): email
        case .departed(let id): "left · \(id)"
        case .serviceAccount: "service account"
        case .unrecorded: "—"
        }
    }

    /// For a sentence or an audit row: `jane@acme.example (user_01…)`, `user_01… (no longer a member)`,
    /// `service account svac_01…`, `no recorded creator`.
    public var sentence: String {
        switch self {
        case .member(let email, let id): "\(email) (\(id))"
        case .departed(let id): "\(id) (no longer a member)"
        case .serviceAccount(let id): "service account \(id)"
        case .unrecorded: "no recorded creator"
        }
    }

    /// Made by someone who is no longer a member: what `keys list --orphaned` keeps.
    public var isDeparted: Bool {
        if case .departed = self { true } else { false }
    }

    /// The keys of `keys` made by someone not among `people` (member id, email); keys without a recorded creator
    /// are not orphans: nobody can say who made them.
    public static func orphaned(_ keys: [APIKey], people: some Sequence<(String, String)>) -> [APIKey] {
        let makers = of(keys, people: people)
        return keys.filter { makers[$0.id]?.isDeparted == true }
    }

    /// The maker of each of `keys` by key id, emails from `people` (member id, email): one pass over the people
    /// that hashes only against the few creators, so a mirror of 100,000 people costs little.
    public static func of(_ keys: [APIKey], people: some Sequence<(String, String)>) -> [String: APIKeyMaker] {
        let creators = Set(keys.compactMap(\.createdByUserID))
        var emails: [String: String] = [:]
        if !creators.isEmpty {
            for (id, email) in people where creators.contains(id) { emails[id] = email }
        }
        var makers: [String: APIKeyMaker] = [:]
        for key in keys {
            if let id = key.createdByUserID {
                makers[key.id] = emails[id].map { .member(email: $0, userID: id) } ?? .departed(userID: id)
            } else if case .serviceAccount(let id) = key.principal {
                makers[key.id] = .serviceAccount(id: id)
            } else {
                makers[key.id] = .unrecorded
            }
        }
        return makers
    }
}
