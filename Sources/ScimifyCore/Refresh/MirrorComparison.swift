import Foundation

/// One pass over a previous mirror and a fresh listing that yields both what people are told (the
/// ``MirrorDiff``) and what the store must write: the rows that are new or changed and the ids that are gone.
/// It takes the listing a page at a time (``add(members:)``, ``add(invites:)``), so a refresh compares each
/// page while the next one is fetched, then ``finish(members:)`` finds what disappeared. Each previous row is
/// looked up once, by id, through an index of positions.
public struct MirrorComparison: Sendable {
    public private(set) var diff = MirrorDiff()
    /// Members that are new or differ from their previous row in any field.
    public private(set) var membersToWrite: [Member] = []
    /// Invites that are new or differ from their previous row in any field.
    public private(set) var invitesToWrite: [Invite] = []
    /// Ids of previous members and invites the listing no longer has (known after ``finish(members:)``).
    public private(set) var memberIDsToDelete: [String] = []
    public private(set) var inviteIDsToDelete: [String] = []
    /// Listed rows taken so far (a repeated id counts once, the first).
    public private(set) var memberCount = 0
    public private(set) var inviteCount = 0

    private let previousMembers: [Member]
    private let previousInvites: [Invite]
    private let memberPosition: [String: Int]
    private let invitePosition: [String: Int]
    private var memberSeen: [Bool]
    /// For each previous invite, its listed row, if the listing has it.
    private var inviteNow: [Invite?]
    private var listedMembers = Set<String>()
    private var listedInvites = Set<String>()

    /// A comparison with `old` (`nil` for the first refresh) that has taken no page yet.
    public init(old: (members: [Member], invites: [Invite])?) {
        diff.isFirstRefresh = old == nil
        previousMembers = old?.members ?? []
        previousInvites = old?.invites ?? []
        memberPosition = Self.positions(previousMembers.map(\.id))
        invitePosition = Self.positions(previousInvites.map(\.id))
        memberSeen = [Bool](repeating: false, count: previousMembers.count)
        inviteNow = [Invite?](repeating: nil, count: previousInvites.count)
    }

    /// Compares a whole listing at once.
    public init(old: (members: [Member], invites: [Invite])?, members: [Member], invites: [Invite]) {
        self.init(old: old)
        add(members: members)
        add(invites: invites)
        finish(members: members)
    }

    /// Compares one page of members.
    public mutating func add(members page: [Member]) {
        for member in page where listedMembers.insert(member.id).inserted {
            memberCount += 1
            guard let index = memberPosition[member.id] else {
                diff.newMembers.append(member)
                membersToWrite.append(member)
                continue
            }
            memberSeen[index] = true
            let before = previousMembers[index]
            if before.role != member.role {
                diff.roleChanges.append(MirrorDiff.RoleChange(member: member, from: before.role, to: member.role))
            }
            if before != member { membersToWrite.append(member) }
        }
    }

    /// Compares one page of invites.
    public mutating func add(invites page: [Invite]) {
        for invite in page where listedInvites.insert(invite.id).inserted {
            inviteCount += 1
            guard let index = invitePosition[invite.id] else {
                diff.newInvites.append(invite)
                invitesToWrite.append(invite)
                continue
            }
            inviteNow[index] = invite
            if previousInvites[index] != invite { invitesToWrite.append(invite) }
        }
    }

    /// After the last page: what disappeared, and what became of each pending invite.
    /// - Parameter members: every listed member (a vanished pending invite whose person is a member now was
    ///   accepted; the set of their emails is only built when such an invite exists).
    public mutating func finish(members: [Member]) {
        for (index, member) in previousMembers.enumerated() where !memberSeen[index] {
            diff.removedMembers.append(member)
            memberIDsToDelete.append(member.id)
        }
        for (index, invite) in previousInvites.enumerated() where inviteNow[index] == nil {
            inviteIDsToDelete.append(invite.id)
        }
        var memberEmails: Set<String>?
        for (index, previous) in previousInvites.enumerated() where previous.status == .pending {
            switch inviteNow[index] {
            case let now? where now.status == .pending: continue
            case let now? where now.status == .accepted: diff.invitesAccepted.append(now)
            case let now? where now.status == .expired: diff.invitesExpired.append(now)
            default:
                if memberEmails == nil { memberEmails = Set(members.map { EmailAddress.key($0.email) }) }
                if memberEmails?.contains(EmailAddress.key(previous.email)) == true {
                    diff.invitesAccepted.append(previous)
                } else {
                    diff.invitesCancelled.append(previous)
                }
            }
        }
    }

    /// Each id's first position.
    private static func positions(_ ids: [String]) -> [String: Int] {
        var positions = [String: Int](minimumCapacity: ids.count)
        for (index, id) in ids.enumerated() where positions[id] == nil { positions[id] = index }
        return positions
    }
}
