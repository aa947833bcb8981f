import Foundation
import ScimifyCore

/// An API key as the Keys view lists it: the key, its workspace's name, and who made it.
public struct KeyRow: Sendable, Equatable {
    public var key: APIKey
    public var workspace: String
    public var madeBy: APIKeyMaker

    public init(key: APIKey, workspace: String, madeBy: APIKeyMaker) {
        self.key = key
        self.workspace = workspace
        self.madeBy = madeBy
    }

    /// The maker for the table: a member's email, `left · user_…`, `service account`, `—`.
    public var creator: String { madeBy.short }
    /// The maker for a sentence or an audit row (``APIKeyMaker/sentence``).
    public var maker: String { madeBy.sentence }
    /// Made by someone who is no longer a member (any status): what `scimify keys list --orphaned` lists.
    public var orphaned: Bool { madeBy.isDeparted }

    /// How a bulk action's dialog and result list name the key: `ci-deploy (apikey_01…)`.
    public var label: String { "\(key.name) (\(key.id))" }

    /// An active key of someone who left: it keeps working with nobody to answer for it.
    public var isActiveOrphan: Bool { orphaned && key.status == .active }

    /// Every key of the listing, its maker named from `people` (member id, email: the mirror's members), or
    /// from the members read with the listing when there was no mirror (``OrganizationHoldings/makers(people:)``).
    public static func rows(_ holdings: OrganizationHoldings, people: some Sequence<(String, String)>) -> [KeyRow] {
        let makers = holdings.makers(people: people)
        return holdings.keys.map { key in
            KeyRow(key: key, workspace: holdings.workspaceName(of: key), madeBy: makers[key.id] ?? .unrecorded)
        }
    }

    /// Every key of the listing, its maker named from `members`.
    public static func rows(_ holdings: OrganizationHoldings, members: [Member]) -> [KeyRow] {
        rows(holdings, people: members.lazy.map { ($0.id, $0.email) })
    }
}
