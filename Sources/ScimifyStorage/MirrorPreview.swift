import Foundation
import ScimifyCore

/// The first rows of the mirror in the console's default orders (members by email, invites newest
/// first), with the totals and the managed flags of those rows: enough for a first screen of a large
/// organization in milliseconds, while the full mirror loads.
public struct MirrorPreview: Sendable {
    public var members: [Member]
    public var invites: [Invite]
    public var managedEmails: Set<String>
    public var refreshedAt: Date
    public var memberCount: Int
    /// Pending invites that have not expired, of all of them.
    public var pendingInviteCount: Int

    package init(
        members: [Member], invites: [Invite], managedEmails: Set<String>, refreshedAt: Date, memberCount: Int,
        pendingInviteCount: Int
    ) {
        self.members = members
        self.invites = invites
        self.managedEmails = managedEmails
        self.refreshedAt = refreshedAt
        self.memberCount = memberCount
        self.pendingInviteCount = pendingInviteCount
    }
}
