import Foundation
import ScimifyCore

/// An API key as the Keys view lists it: the key, its workspace's name, and who made it in words.
public struct KeyRow: Sendable, Equatable {
    public var key: APIKey
    public var workspace: String
    /// A member's email; `left · user_…` for someone no longer a member; `service account`; `—` when no creator
    /// is recorded.
    public var creator: String
    /// Made by someone who is no longer a member (any status): what `scimify keys list --orphaned` lists.
    public var orphaned: Bool

    public init(key: APIKey, workspace: String, creator: String, orphaned: Bool) {
        self.key = key
        self.workspace = workspace
        self.creator = creator
        self.orphaned = orphaned
    }

    /// Its maker for a sentence or an audit row: `jane@acme.example (user_01…)`, `user_01… (no longer a member)`,
    /// `service account svac_01…`, `no recorded creator`.
    public var maker: String {
        if let id = key.createdByUserID { return orphaned ? "\(id) (no longer a member)" : "\(creator) (\(id))" }
        if case .serviceAccount(let id) = key.principal { return "service account \(id)" }
        return "no recorded creator"
    }

    /// How a bulk action's dialog and result list name the key: `ci-deploy (apikey_01…)`.
    public var label: String { "\(key.name) (\(key.id))" }

    /// An active key of someone who left: it keeps working with nobody to answer for it.
    public var isActiveOrphan: Bool { orphaned && key.status == .active }

    /// Every key of the listing, its creator named from `members` (the mirror).
    public static func rows(_ holdings: OrganizationHoldings, members: [Member]) -> [KeyRow] {
        rows(holdings, emails: creatorEmails(holdings, members.lazy.map { ($0.id, $0.email) }))
    }

    /// The emails of the listing's creators who are among `people` (id, email): one pass that hashes only
    /// against the few creators, so a mirror of 100,000 people costs little.
    static func creatorEmails(_ holdings: OrganizationHoldings, _ people: some Sequence<(String, String)>)
        -> [String: String]
    {
        let creators = Set(holdings.keys.compactMap(\.createdByUserID))
        var emails: [String: String] = [:]
        guard !creators.isEmpty else { return emails }
        for (id, email) in people where creators.contains(id) { emails[id] = email }
        return emails
    }

    /// Every key of the listing, its creator named from `emails` (member id to email).
    static func rows(_ holdings: OrganizationHoldings, emails: [String: String]) -> [KeyRow] {
        let orphans = Set(PersonHoldings.orphaned(holdings.keys, memberIDs: Set(emails.keys)).map(\.id))
        return holdings.keys.map { key in
            let creator: String
            if let id = key.createdByUserID {
                creator = emails[id] ?? "left · \(id)"
            } else if case .serviceAccount = key.principal {
                creator = "service account"
            } else {
                creator = "—"
            }
            return KeyRow(
                key: key, workspace: holdings.workspaceName(of: key), creator: creator,
                orphaned: orphans.contains(key.id))
        }
    }
}
