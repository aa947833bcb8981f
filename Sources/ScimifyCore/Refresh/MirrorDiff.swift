import Foundation

/// The difference between the previous mirror of an organization and a fresh listing.
public struct MirrorDiff: Sendable, Equatable {
    public struct RoleChange: Sendable, Equatable {
        public var member: Member
        public var from: ClaudeRole
        public var to: ClaudeRole
    }

    public var newMembers: [Member] = []
    public var removedMembers: [Member] = []
    public var roleChanges: [RoleChange] = []
    public var invitesAccepted: [Invite] = []
    public var invitesExpired: [Invite] = []
    public var invitesCancelled: [Invite] = []
    public var newInvites: [Invite] = []
    /// True when there was no previous mirror: everything counts as new.
    public var isFirstRefresh = false

    public init() {}

    /// Compares two snapshots by id.
    /// - Parameters:
    ///   - old: the previous mirror (`nil` for the first refresh).
    ///   - members: every member now.
    ///   - invites: every listed invite now.
    public static func compute(old: (members: [Member], invites: [Invite])?, members: [Member], invites: [Invite])
        -> MirrorDiff
    {
        MirrorComparison(old: old, members: members, invites: invites).diff
    }

    /// One line for people: `members +3 new, -1 removed, 2 role changes; invites 1 accepted, 2 expired, ...`.
    public var summary: String {
        let prefix = isFirstRefresh ? "first refresh: " : ""
        return prefix
            + "members +\(newMembers.count) new, -\(removedMembers.count) removed, \(roleChanges.count) role "
            + "change\(roleChanges.count == 1 ? "" : "s"); invites \(invitesAccepted.count) accepted, "
            + "\(invitesExpired.count) expired, \(invitesCancelled.count) cancelled, \(newInvites.count) new"
    }

    /// Whether anything changed.
    public var isEmpty: Bool {
        newMembers.isEmpty && removedMembers.isEmpty && roleChanges.isEmpty && invitesAccepted.isEmpty
            && invitesExpired.isEmpty && invitesCancelled.isEmpty && newInvites.isEmpty
    }
}

/// What a refresh found and did.
public struct RefreshReport: Sendable, Equatable {
    public var refreshedAt: Date
    public var memberCount: Int
    public var inviteCount: Int
    public var pendingInviteCount: Int
    public var diff: MirrorDiff
    /// SCIM records created for members and pending invites that had none.
    public var recordsCreated: Int
    /// Records whose member was removed outside Scimify (marked so).
    public var recordsMarkedRemoved: Int
    /// Records linked to the member an accepted invite became.
    public var recordsLinked: Int
    /// Seconds spent writing the mirror (one transaction).
    public var writeSeconds: Double

    public init(
        refreshedAt: Date,
        memberCount: Int,
        inviteCount: Int,
        pendingInviteCount: Int,
        diff: MirrorDiff,
        recordsCreated: Int,
        recordsMarkedRemoved: Int,
        recordsLinked: Int,
        writeSeconds: Double
    ) {
        self.refreshedAt = refreshedAt
        self.memberCount = memberCount
        self.inviteCount = inviteCount
        self.pendingInviteCount = pendingInviteCount
        self.diff = diff
        self.recordsCreated = recordsCreated
        self.recordsMarkedRemoved = recordsMarkedRemoved
        self.recordsLinked = recordsLinked
        self.writeSeconds = writeSeconds
    }
}
