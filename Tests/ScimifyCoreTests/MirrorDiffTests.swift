import Foundation
import ScimifyCore
import Testing

@Suite struct MirrorDiffTests {
    let t0 = Date(timeIntervalSince1970: 0)

    private func member(_ id: String, _ role: ClaudeRole = .user) -> Member {
        Member(id: id, email: "\(id)@x.example", name: id, role: role, addedAt: t0)
    }

    private func invite(_ id: String, _ status: InviteStatus, email: String? = nil) -> Invite {
        Invite(
            id: id, email: email ?? "\(id)@x.example", role: .user, status: status, invitedAt: t0,
            expiresAt: t0.addingTimeInterval(21 * 86_400))
    }

    @Test func firstRefreshCountsEverythingAsNew() {
        let diff = MirrorDiff.compute(old: nil, members: [member("a")], invites: [invite("i", .pending)])
        #expect(diff.isFirstRefresh)
        #expect(diff.newMembers.count == 1 && diff.newInvites.count == 1)
        #expect(diff.summary.hasPrefix("first refresh: members +1 new"))
    }

    @Test func classifiesEveryKindOfChange() {
        let old = (
            members: [member("a"), member("b"), member("c", .developer)],
            invites: [
                invite("acc", .pending), invite("exp", .pending), invite("gone", .pending),
                invite("joined", .pending, email: "d@x.example"), invite("still", .pending),
            ]
        )
        let new = MirrorDiff.compute(
            old: old,
            members: [member("a"), member("c", .billing), member("d")],
            invites: [
                invite("acc", .accepted), invite("exp", .expired), invite("still", .pending), invite("fresh", .pending),
            ]
        )
        #expect(new.newMembers.map(\.id) == ["d"])
        #expect(new.removedMembers.map(\.id) == ["b"])
        #expect(new.roleChanges.map { "\($0.member.id):\($0.from)->\($0.to)" } == ["c:developer->billing"])
        // An unlisted invite whose email is now a member.
        #expect(Set(new.invitesAccepted.map(\.id)) == ["acc", "joined"])
        #expect(new.invitesExpired.map(\.id) == ["exp"])
        #expect(new.invitesCancelled.map(\.id) == ["gone"])
        #expect(new.newInvites.map(\.id) == ["fresh"])
        #expect(!new.isEmpty)
        let unchanged = MirrorDiff.compute(
            old: (members: [member("a")], invites: [invite("p", .pending)]), members: [member("a")],
            invites: [invite("p", .pending)])
        #expect(unchanged.isEmpty)
    }
}
