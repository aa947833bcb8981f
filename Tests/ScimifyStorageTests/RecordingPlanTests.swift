import Foundation
import ScimifyCore
import ScimifyStorage
import Testing

/// The recorder's plan: which writes one recorded outcome makes, in order, for both drivers.
struct RecordingPlanTests {
    typealias F = PlanFixtures

    private func names(_ plan: RecordingPlan) -> [String] {
        plan.steps.map { step in
            switch step {
            case .appendAudit: "audit"
            case .saveRecord: "save"
            case .deleteRecord: "delete"
            case .linkRecord: "link"
            case .applyToMirror: "mirror"
            case .bumpGeneration: "generation"
            case .confirm: "confirm"
            case .closeIntent(let id): "close \(id)"
            }
        }
    }

    @Test func anOkChangeLinksMirrorsCountsAndConfirmsInThatOrder() {
        let outcome = ProvisioningOutcome(change: .invited, invite: F.invite("invite_1", "jane@acme.example"))
        let plan = RecordingPlan(
            event: F.event(), change: RecordedChange(email: "jane@acme.example", outcome: outcome, source: .scim),
            instanceID: 1, stamp: F.t0)
        #expect(names(plan) == ["audit", "link", "mirror", "generation", "confirm"])
        guard case .bumpGeneration(let key) = plan.steps[3] else { return #expect(Bool(false)) }
        #expect(key == EmailAddress.key("jane@acme.example"))
    }

    @Test func anIntentIsClosedOnlyByTheOkRecordOfTheOutcomeThatEndsIt() {
        let outcome = ProvisioningOutcome(
            change: .reinvited(from: .user, to: .developer), invite: F.invite("invite_2", "jane@acme.example"),
            closesIntentID: "intent-7")
        let change = RecordedChange(email: "jane@acme.example", outcome: outcome, source: .scim)
        let ok = RecordingPlan(event: F.event(), change: change, instanceID: 1, stamp: F.t0)
        #expect(names(ok).last == "close intent-7")
        for failed in [AuditEvent.Outcome.failed, .refused, .dryRun] {
            let plan = RecordingPlan(event: F.event(failed), change: change, instanceID: 1, stamp: F.t0)
            #expect(!names(plan).contains("close intent-7"), "\(failed)")
        }
        let alone = RecordingPlan(event: F.event(), change: nil, instanceID: 1, stamp: F.t0)
        #expect(names(alone) == ["audit"], "an audit row alone closes nothing")
    }

    @Test func aFailureWritesOnlyItsAuditRow() {
        let change = RecordedChange(
            email: "jane@acme.example", outcome: ProvisioningOutcome(change: .invited), source: .scim,
            record: F.record("jane@acme.example"))
        for outcome in [AuditEvent.Outcome.failed, .refused] {
            #expect(
                names(RecordingPlan(event: F.event(outcome), change: change, instanceID: 1, stamp: F.t0)) == ["audit"])
        }
    }

    @Test func aFailureThatLearnedSomethingMarksTheRecordAndCorrectsTheMirror() throws {
        let change = RecordedChange(
            email: "jane@acme.example", outcome: nil, source: .console, found: LiveFindings(noMember: true))
        let plan = RecordingPlan(event: F.event(.refused), change: change, instanceID: 1, stamp: F.t0)
        #expect(names(plan) == ["audit", "link", "mirror"])
        guard case .linkRecord(let link) = plan.steps[1] else { return #expect(Bool(false)) }
        var linked = F.record("jane@acme.example")
        linked.memberID = "user_1"
        let marked = try #require(link.record(existing: linked))
        #expect(marked.removedOutside && marked.memberID == "user_1" && marked.active)
        #expect(link.record(existing: F.record("invited@acme.example")) == nil, "a record with no member stays")
        #expect(link.record(existing: nil) == nil, "no record is made")
    }

    @Test func aDryRunSavesTheIdPsRecordStampedAndTouchesNothingElse() {
        let stamp = F.t0.addingTimeInterval(60)
        let change = RecordedChange(
            email: "jane@acme.example", outcome: nil, source: .scim, record: F.record("jane@acme.example"))
        let plan = RecordingPlan(event: F.event(.dryRun), change: change, instanceID: 1, stamp: stamp)
        #expect(names(plan) == ["audit", "save"])
        guard case .saveRecord(let saved) = plan.steps[1] else { return #expect(Bool(false)) }
        #expect(saved.updatedAt == stamp)
    }

    @Test func aChangeWithoutACallSavesTheRecordAndCountsButConfirmsNothing() {
        let change = RecordedChange(
            email: "jane@acme.example", outcome: nil, source: .scim, record: F.record("jane@acme.example"))
        #expect(
            names(RecordingPlan(event: F.event(), change: change, instanceID: 1, stamp: F.t0))
                == ["audit", "save", "generation"])
    }

    @Test func theIdPsDeleteForgetsTheRecord() {
        let change = RecordedChange(
            email: "jane@acme.example", outcome: nil, source: .scim, record: F.record("jane@acme.example", id: "r9"),
            forgetsRecord: true)
        let plan = RecordingPlan(event: F.event(), change: change, instanceID: 1, stamp: F.t0)
        #expect(names(plan) == ["audit", "delete", "generation"])
        guard case .deleteRecord(let id) = plan.steps[1] else { return #expect(Bool(false)) }
        #expect(id == "r9")
    }

    @Test func theLinkPointsTheRecordAtWhatTheOutcomeNames() throws {
        let stamp = F.t0.addingTimeInterval(5)
        /// The link the plan of recording `outcome` carries.
        func link(_ outcome: ProvisioningOutcome, role: ClaudeRole? = nil) -> RecordingPlan.RecordLink? {
            let change = RecordedChange(email: "jane@acme.example", outcome: outcome, requestedRole: role, source: .cli)
            let plan = RecordingPlan(event: F.event(), change: change, instanceID: 1, stamp: stamp)
            for case .linkRecord(let link) in plan.steps { return link }
            return nil
        }
        var existing = F.record("jane@acme.example")
        existing.memberID = "user_old"
        let invited = link(
            ProvisioningOutcome(change: .invited, invite: F.invite("invite_3", "jane@acme.example")), role: .billing
        )?.record(existing: existing)
        #expect(invited?.inviteID == "invite_3" && invited?.memberID == nil && invited?.active == true)
        #expect(invited?.requestedRole == .billing && invited?.updatedAt == stamp)

        let member = link(
            ProvisioningOutcome(change: .roleUpdated(from: .user, to: .developer), member: F.member("user_1", "j"))
        )?.record(existing: nil)
        #expect(member?.memberID == "user_1" && member?.inviteID == nil && member?.source == .cli)

        let removed = link(ProvisioningOutcome(change: .memberRemoved))?.record(existing: existing)
        #expect(removed?.active == false && removed?.memberID == nil && removed?.inviteID == nil)
        let cancelled = try #require(link(ProvisioningOutcome(change: .inviteCancelled)))
        #expect(cancelled.record(existing: nil) == nil, "a removal of someone with no record makes none")
    }
}
