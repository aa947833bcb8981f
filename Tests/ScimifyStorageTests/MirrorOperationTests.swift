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
