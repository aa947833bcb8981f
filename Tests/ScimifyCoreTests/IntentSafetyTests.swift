import Foundation
import ScimifyCore
import Testing

/// Intents that never go stale or jam an instance, and actions that never reach another object: the core's
/// rules against an in-memory Admin API.
@Suite struct IntentSafetyTests {
    typealias API = InMemoryAdminAPI

    @Test func jitOrganizationRefusesTheRoleChangeUpFrontAndKeepsTheInvite() async throws {
        let api = API(invites: [API.invite("p@acme.example", .user, id: "invite_old")])
        await api.setSSOManaged(true)
        let journal = InMemoryJournal()
        let error = await #expect(throws: ProvisioningError.self) {
            try await Provisioner(api: api, journal: journal).updateRole(email: "p@acme.example", role: .developer)
        }
        #expect(error?.kind == .ssoManagesMembers)
        #expect(error?.message.contains("\"Invite only\"") == true)
        #expect(error?.message.contains("disable \"Create users\"") == true)
        #expect(await api.invites.filter { $0.status == .pending }.map(\.id) == ["invite_old"])
        #expect(await !api.writes().contains("deleteInvite"))
        #expect(await journal.begun == 0)
    }

    @Test func reinviteRefusedAfterTheCancelNeedsAttentionAndIsNeverReplayed() async throws {
        let api = API(invites: [API.invite("p@acme.example", .user)])
        let journal = InMemoryJournal()
        let refusal = ProvisioningError(
            kind: .rejected, message: "seat limit reached", requestID: "req_refused", httpStatus: 400)
        await api.setFailure("createInvite", refusal, skip: 1)
        let provisioner = Provisioner(api: api, journal: journal)
        let error = await #expect(throws: ProvisioningError.self) {
            try await provisioner.updateRole(email: "p@acme.example", role: .billing)
        }
        #expect(error?.message.contains("was cancelled, but Claude refused the new billing invite") == true)
        #expect(error?.allRequestIDs.count ?? 0 >= 3, "probe, cancel and refusal: \(error?.allRequestIDs ?? [])")
        #expect(error?.allRequestIDs.last == "req_refused")
        #expect(await journal.intents.isEmpty)
        let waiting = try await journal.needingAttention()
        #expect(waiting.map(\.intent.newRole) == [.billing])
        #expect(waiting.first?.requestIDs == error?.allRequestIDs)
        let writesBefore = await api.writes().count
        #expect(try await provisioner.resumeUnfinishedIntents().isEmpty)
        #expect(await api.writes().count == writesBefore)
    }

    @Test func anIntentOvertakenByANewerChangeIsClosedWithoutAWrite() async throws {
        let api = API()
        let journal = InMemoryJournal()
        try await journal.begin(
            ReinviteIntent(
                id: "i1", email: "p@acme.example", oldInviteID: "invite_old", oldRole: .user, newRole: .developer,
                createdAt: Date(), generation: 0))
        await journal.recordChange(to: "P@acme.example")  // e.g. a SCIM PATCH to billing succeeded meanwhile
        let results = try await Provisioner(api: api, journal: journal).resumeUnfinishedIntents()
        guard case .superseded(let found)? = results.first?.result else {
            Issue.record("expected superseded, got \(results)")
            return
        }
        #expect(await api.writes().isEmpty, "no write; one read of the invites names what an earlier attempt did")
        #expect(found.doneEarlier == ["the cancel of invite invite_old"], "the old invite is gone: \(found)")
        #expect(await journal.intents.isEmpty)
    }

    @Test func actionsOnWhatTheOperatorNoLongerSeesAreRefusedWithNoWrite() async throws {
        let api = API(invites: [API.invite("p@acme.example", .developer, id: "invite_live")])
        let provisioner = Provisioner(api: api)
        let stale = await #expect(throws: ProvisioningError.self) {
            try await provisioner.deprovision(
                email: "p@acme.example", expecting: .pendingInvite(id: "invite_seen", role: .billing))
        }
        #expect(stale?.kind == .stale)
        #expect(stale?.message.contains("changed since you looked") == true)
        await #expect(throws: ProvisioningError.self) {
            try await provisioner.updateRole(
                email: "p@acme.example", role: .user, expecting: .pendingInvite(id: "invite_live", role: .billing))
        }
        #expect(await api.writes().isEmpty)
        let done = try await provisioner.deprovision(
            email: "p@acme.example", expecting: .pendingInvite(id: "invite_live", role: .developer))
        #expect(done.change == .inviteCancelled)
    }
}
