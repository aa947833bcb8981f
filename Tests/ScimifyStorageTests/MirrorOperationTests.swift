import Foundation
import ScimifyCore
import ScimifyStorage
import Testing

/// Outcome -> mirror operations, the one mapping both drivers execute.
struct MirrorOperationTests {
    typealias F = PlanFixtures

    @Test func aReinviteRetiresTheOldInvitesKeepsTheNewAndRecounts() {
        let invite = F.invite("invite_n", "jane@acme.example", .developer)
        let plan = MirrorOperation.plan(
            for: ProvisioningOutcome(change: .reinvited(from: .user, to: .developer), invite: invite),
            email: "jane@acme.example")
        #expect(
            plan == [
                .retirePendingInvites(email: "jane@acme.example", keeping: "invite_n"), .upsertInvite(invite), .recount,
            ])
    }

    @Test func aMemberChangeAcceptsTheirPendingInvites() {
        let member = F.member("user_1", "omar@acme.example", .billing)
        for change in [ProvisioningOutcome.Change.roleUpdated(from: .user, to: .billing), .alreadyMember] {
            #expect(
                MirrorOperation.plan(
                    for: ProvisioningOutcome(change: change, member: member), email: "omar@acme.example")
                    == [.upsertMember(member), .acceptPendingInvites(email: "omar@acme.example"), .recount])
        }
        #expect(
            MirrorOperation.plan(
                for: ProvisioningOutcome(change: .memberRemoved, member: member), email: "omar@acme.example")
                == [
                    .deleteMember(id: "user_1", email: "omar@acme.example"),
                    .acceptPendingInvites(email: "omar@acme.example"), .recount,
                ])
    }

    @Test func aCancelNamesTheInviteOrTheEmail() {
        #expect(
            MirrorOperation.plan(for: ProvisioningOutcome(change: .inviteCancelled), email: "x@acme.example")
                == [.cancelInvite(id: nil, email: "x@acme.example"), .recount])
    }

    @Test func whatTheLookupsFoundComesFirst() {
        var expired = F.invite("invite_old", "jane@acme.example", .user)
        expired.status = .expired
        let fresh = F.invite("invite_new", "jane@acme.example", .developer)
        let plan = MirrorOperation.plan(
            for: ProvisioningOutcome(
                change: .invited, invite: fresh, found: LiveFindings(noMember: true, invites: [expired])),
            email: "jane@acme.example")
        #expect(
            plan == [
                .deleteMember(id: nil, email: "jane@acme.example"), .upsertInvite(expired),
                .cancelInvite(id: nil, email: "jane@acme.example"),
                .retirePendingInvites(email: "jane@acme.example", keeping: "invite_new"), .upsertInvite(fresh),
                .recount,
            ])
        let member = F.member("user_1", "omar@acme.example", .user)
        #expect(
            MirrorOperation.plan(
                for: ProvisioningOutcome(change: .unchanged, member: member, found: LiveFindings(member: member)),
                email: "omar@acme.example")
                == [.upsertMember(member), .acceptPendingInvites(email: "omar@acme.example"), .recount])
    }

    @Test func aRowTheChangeWritesIsNotWrittenFromItsLookupToo() {
        let before = F.member("user_1", "omar@acme.example", .user)
        let after = F.member("user_1", "omar@acme.example", .billing)
        #expect(
            MirrorOperation.plan(
                for: ProvisioningOutcome(
                    change: .roleUpdated(from: .user, to: .billing), member: after, found: LiveFindings(member: before)),
                email: "omar@acme.example")
                == [.upsertMember(after), .acceptPendingInvites(email: "omar@acme.example"), .recount])
    }

    @Test func aFailedChangesFindingsAloneCorrectTheMirror() {
        let pending = F.invite("invite_p", "x@acme.example", .user)
        #expect(
            MirrorOperation.plan(for: LiveFindings(noMember: true, invites: [pending]), email: "x@acme.example")
                == [
                    .deleteMember(id: nil, email: "x@acme.example"), .upsertInvite(pending),
                    .retirePendingInvites(email: "x@acme.example", keeping: "invite_p"), .recount,
                ])
        #expect(MirrorOperation.plan(for: LiveFindings(), email: "x@acme.example").isEmpty)
    }

    @Test func nothingChangedWritesNothing() {
        for change in [ProvisioningOutcome.Change.unchanged, .nothingToRemove, .invited] {
            #expect(MirrorOperation.plan(for: ProvisioningOutcome(change: change), email: "x@acme.example").isEmpty)
        }
    }

    @Test func aHostileEmailIsPlannedInItsStorableForm() {
        let plan = MirrorOperation.plan(
            for: ProvisioningOutcome(change: .inviteCancelled), email: "a\u{0}b@acme.example")
        #expect(plan.first == .cancelInvite(id: nil, email: "a\u{FFFD}b@acme.example"))
    }
}
