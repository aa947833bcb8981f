import Foundation
import ScimifyCore

/// The organization's workspaces and API keys as the console knows them: read once in the background after
/// the first load (and again after a reload, a refresh or a removal), so the member detail and the remove
/// dialog can name a person's keys without a request per person.
public enum HoldingsLoad: Sendable, Equatable {
    case notLoaded
    case loading
    case loaded(OrganizationHoldings)
    /// The organization has no workspace or key endpoints (an Enterprise organization).
    case unavailable(String)
    /// The listing failed (an outage, a throttled key): the reason, shown instead of the keys.
    case failed(String)

    /// The listing, when it was read.
    public var holdings: OrganizationHoldings? {
        if case .loaded(let holdings) = self { holdings } else { nil }
    }

    /// Whether the organization is known to have no keys to offboard (so the remove dialog need not ask).
    public var hasNoKeyEndpoints: Bool {
        if case .unavailable = self { true } else { false }
    }
}
