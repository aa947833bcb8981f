import Foundation

/// One pass over a previous mirror and a fresh listing that yields both what people are told (the
/// ``MirrorDiff``) and what the store must write: the rows that are new or changed and the ids that are gone.
/// A steady-state refresh of 100,000 unchanged members finds nothing to write without building a second set
/// of dictionaries: each previous row is looked up once, by id, through an index of positions.
public struct MirrorComparison: Sendable {
    public var diff = MirrorDiff()
    /// Members that are new or differ from their previous row in any field.
    public var membersToWrite: [Member] = []
    /// Invites that are new or differ from their previous row in any field.
    public var invitesToWrite: [Invite] = []
    /// Ids of previous members and invites the listing no longer has.
    public var memberIDsToDelete: [String] = []
    public var inviteIDsToDelete: [String] = []

    /// Compares by id.
    /// - Parameters:
    ///   - old: the previous mirror (`nil` for the first refresh).
    ///   - members: every member now (a repeated id counts once, the first).
    ///   - invites: every listed invite now (same).
    public init(old: (members: [Member], invites: [Invite])?, members: [Member], invites: [Invite]) {
        diff.isFirstRefresh = old == nil
        let previousMembers = old?.members ?? []
        let previousInvites = old?.invites ?? []
        compareMembers(previousMembers, members)
        let listedInvite = compareInvites(previousInvites, invites)
        // A pending invite that vanished was accepted if its person is a member now, otherwise cancelled. The
        // set of member emails is only built when such an invite exists.
        var memberEmails: Set<String>?
        for (index, previous) in previousInvites.enumerated() where previous.status == .pending {
            switch listedInvite[index].map({ invites[$0] }) {
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

    private mutating func compareMembers(_ previous: [Member], _ members: [Member]) {
        let position = Self.positions(previous.map(\.id))
        var seen = [Bool](repeating: false, count: previous.count)
        var listed = Set<String>(minimumCapacity: members.count)
        for member in members where listed.insert(member.id).inserted {
            guard let index = position[member.id] else {
                diff.newMembers.append(member)
                membersToWrite.append(member)
                continue
            }
            seen[index] = true
            let before = previous[index]
            if before.role != member.role {
                diff.roleChanges.append(MirrorDiff.RoleChange(member: member, from: before.role, to: member.role))
            }
            if before != member { membersToWrite.append(member) }
        }
        for (index, member) in previous.enumerated() where !seen[index] {
            diff.removedMembers.append(member)
            memberIDsToDelete.append(member.id)
        }
    }

    /// Compares invites and returns, for each previous invite, the position of its listed row (if any).
    private mutating func compareInvites(_ previous: [Invite], _ invites: [Invite]) -> [Int?] {
        let position = Self.positions(previous.map(\.id))
        var listedAt = [Int?](repeating: nil, count: previous.count)
        var listed = Set<String>(minimumCapacity: invites.count)
        for (offset, invite) in invites.enumerated() where listed.insert(invite.id).inserted {
            guard let index = position[invite.id] else {
                diff.newInvites.append(invite)
                invitesToWrite.append(invite)
                continue
            }
            listedAt[index] = offset
            if previous[index] != invite { invitesToWrite.append(invite) }
        }
        for (index, invite) in previous.enumerated() where listedAt[index] == nil {
            inviteIDsToDelete.append(invite.id)
        }
        return listedAt
    }

    /// Each id's first position.
    private static func positions(_ ids: [String]) -> [String: Int] {
        var positions = [String: Int](minimumCapacity: ids.count)
        for (index, id) in ids.enumerated() where positions[id] == nil { positions[id] = index }
        return positions
    }
}
