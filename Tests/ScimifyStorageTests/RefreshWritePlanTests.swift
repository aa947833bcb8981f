import Foundation
import ScimifyCore
import ScimifyStorage
import Testing

/// A refresh's steps and report.
struct RefreshWritePlanTests {
    typealias F = PlanFixtures

    @Test func aRefreshConfirmsEveryoneAndReportsWhatItCounted() {
        let members = [F.member("user_1", "a@acme.example")]
        var accepted = F.invite("invite_2", "b@acme.example")
        accepted.status = .accepted
        let invites = [F.invite("invite_1", "c@acme.example"), accepted]
        let plan = RefreshWritePlan(
            comparison: MirrorComparison(old: nil, members: members, invites: invites),
            links: RecordLinkPlan(existing: [:]), members: members.count, invites: invites, now: F.t0)
        #expect(
            plan.steps == [
                .writeMirrorRows, .setMirrorState(refreshedAt: F.t0, memberCount: 1, inviteCount: 2), .linkRecords,
                .confirmChanges(before: F.t0), .appendAudit,
            ])
        var counts = RecordLinkPlan.Counts()
        counts.created = 2
        let report = plan.report(links: counts, writeSeconds: 0.5)
        #expect(report.memberCount == 1 && report.inviteCount == 2 && report.pendingInviteCount == 1)
        #expect(report.recordsCreated == 2 && report.writeSeconds == 0.5 && report.refreshedAt == F.t0)
    }
}
