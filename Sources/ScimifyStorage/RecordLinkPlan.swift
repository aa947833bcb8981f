import Foundation
import ScimifyCore

/// What linking SCIM records to a refresh's listing must write, decided in memory from the records as they
/// were read (each driver reads them in the refresh's transaction): an accepted invite's record now points at its
/// member, a member or pending invite with no record gets one (a stable UUID, so an IdP import can match it),
/// and a record whose member disappeared outside Scimify is marked so. Members are taken a page at a time
/// while the listing runs; invites and the removals are decided in ``finish(invites:)``, once every member
/// is known. Each driver writes the result.
package struct RecordLinkPlan: Sendable {
    package struct Counts: Sendable, Equatable {
        package var created = 0
        package var linked = 0
        package var markedRemoved = 0

        package init() {}
    }

    /// What linking needs of one record.
    package struct Link: Sendable {
        package let id: String
        package var memberID: String?
        package var inviteID: String?
        package var active: Bool
        package var removedOutside: Bool

        package init(id: String, memberID: String?, inviteID: String?, active: Bool, removedOutside: Bool) {
            self.id = id
            self.memberID = memberID
            self.inviteID = inviteID
            self.active = active
            self.removedOutside = removedOutside
        }
    }

    package struct Update: Sendable, Equatable {
        package let recordID: String
        package let memberID: String?
        package let inviteID: String?
        package let removedOutside: Bool
    }

    package struct Insert: Sendable, Equatable {
        package let recordID: String
        package let email: String
        package let key: String
        package let memberID: String?
        package let inviteID: String?
        package let displayName: String?
    }

    /// Applied in order (a record may be updated twice: linked to a new invite, then marked removed).
    package private(set) var updates: [Update] = []
    package private(set) var inserts: [Insert] = []
    package private(set) var counts = Counts()

    private var byEmail: [String: Link]
    private var memberKeys = Set<String>()

    package init(existing: [String: Link]) { byEmail = existing }

    /// Links one page of members.
    package mutating func add(members page: [Member]) {
        for member in page {
            let key = EmailAddress.key(member.email)
            memberKeys.insert(key)
            guard var link = byEmail[key] else {
                let id = UUID().uuidString.lowercased()
                inserts.append(
                    Insert(
                        recordID: id, email: member.email, key: key, memberID: member.id, inviteID: nil,
                        displayName: member.name))
                byEmail[key] = Link(
                    id: id, memberID: member.id, inviteID: nil, active: true, removedOutside: false)
                counts.created += 1
                continue
            }
            guard link.memberID != member.id || link.inviteID != nil || link.removedOutside else { continue }
            link.memberID = member.id
            link.inviteID = nil
            link.removedOutside = false
            updates.append(Update(recordID: link.id, memberID: member.id, inviteID: nil, removedOutside: false))
            byEmail[key] = link
            counts.linked += 1
        }
    }

    /// Links pending invites of people who are not members, then marks records whose member is gone.
    package mutating func finish(invites: [Invite]) {
        for invite in invites where invite.status == .pending {
            let key = EmailAddress.key(invite.email)
            guard !memberKeys.contains(key) else { continue }
            guard var link = byEmail[key] else {
                let id = UUID().uuidString.lowercased()
                inserts.append(
                    Insert(
                        recordID: id, email: invite.email, key: key, memberID: nil, inviteID: invite.id,
                        displayName: nil))
                byEmail[key] = Link(
                    id: id, memberID: nil, inviteID: invite.id, active: true, removedOutside: false)
                counts.created += 1
                continue
            }
            guard link.inviteID != invite.id else { continue }
            link.inviteID = invite.id
            updates.append(
                Update(
                    recordID: link.id, memberID: link.memberID, inviteID: invite.id,
                    removedOutside: link.removedOutside))
            byEmail[key] = link
            counts.linked += 1
        }
        for (key, link) in byEmail
        where link.memberID != nil && !memberKeys.contains(key) && link.active && !link.removedOutside {
            updates.append(
                Update(recordID: link.id, memberID: link.memberID, inviteID: link.inviteID, removedOutside: true))
            counts.markedRemoved += 1
        }
    }
}
