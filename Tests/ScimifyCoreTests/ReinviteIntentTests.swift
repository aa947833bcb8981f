import Foundation
import ScimifyCore
import Testing

@Suite struct ReinviteIntentTests {
    typealias API = InMemoryAdminAPI

    private let outage = ProvisioningError(kind: .unavailable, message: "timed out")

    @Test func unknownOutcomeOfTheCancelLeavesTheIntentAndResumeFinishesIt() async throws {
        let api = API(invites: [API.invite("p@acme.example", .user)])
        let journal = InMemoryJournal()
        await api.setFailure("deleteInvite", outage)
        let provisioner = Provisioner(api: api, journal: journal)
        await #expect(throws: ProvisioningError.self) {
            try await provisioner.updateRole(email: "p@acme.example", role: .billing)
        }
        #expect(await journal.intents.count == 1)
        let resumed = try await provisioner.resumeUnfinishedIntents()
        #expect(resumed.count == 1)
        #expect(await journal.intents.isEmpty)
        let pending = await api.invites.filter { $0.status == .pending }
        #expect(pending.map(\.role) == [.billing])
    }

    @Test func crashAfterTheCancelIsRolledForwardToOneInvite() async throws {
        let api = API(invites: [API.invite("p@acme.example", .user)])
        let journal = InMemoryJournal()
        await api.setFailure("createInvite", outage, skip: 1)  // the probe passes; the re-invite times out
        let provisioner = Provisioner(api: api, journal: journal)
        await #expect(throws: ProvisioningError.self) {
            try await provisioner.updateRole(email: "p@acme.example", role: .developer)
        }
        #expect(await api.invites.filter { $0.status == .pending }.isEmpty)  // the gap a crash would leave
        try await provisioner.resumeUnfinishedIntents()
        let pending = await api.invites.filter { $0.status == .pending }
        #expect(pending.map(\.role) == [.developer])
        #expect(await journal.intents.isEmpty)
    }

    @Test func resumingACompletedChangeCreatesNoSecondInvite() async throws {
        // The process died after creating the new invite but before clearing the intent.
        let api = API(invites: [API.invite("p@acme.example", .developer, id: "invite_new")])
        let journal = InMemoryJournal()
        try await journal.begin(
            ReinviteIntent(
                id: "i1", email: "p@acme.example", oldInviteID: "invite_old", oldRole: .user, newRole: .developer,
                createdAt: Date())
        )
        try await Provisioner(api: api, journal: journal).resumeUnfinishedIntents()
        #expect(await api.invites.filter { $0.status == .pending }.map(\.id) == ["invite_new"])
        #expect(await api.writes().isEmpty)
        #expect(await journal.intents.isEmpty)
    }

    @Test func definitiveRefusalOfTheCancelClearsTheIntent() async throws {
        let api = API(invites: [API.invite("p@acme.example", .user)])
        let journal = InMemoryJournal()
        await api.setFailure("deleteInvite", ProvisioningError(kind: .permission, message: "no scope", httpStatus: 403))
        await #expect(throws: ProvisioningError.self) {
            try await Provisioner(api: api, journal: journal).updateRole(email: "p@acme.example", role: .billing)
        }
        #expect(await journal.intents.isEmpty)
        #expect(await api.invites.filter { $0.status == .pending }.map(\.role) == [.user])
    }

    @Test func inviteAcceptedBeforeResumeGetsTheRoleAsAMember() async throws {
        let api = API(members: [API.member("p@acme.example", .user)])
        let journal = InMemoryJournal()
        try await journal.begin(
            ReinviteIntent(
                id: "i1", email: "p@acme.example", oldInviteID: "invite_old", oldRole: .user, newRole: .billing,
                createdAt: Date())
        )
        let results = try await Provisioner(api: api, journal: journal).resumeUnfinishedIntents()
        guard case .finished(let outcome)? = results.first?.result else {
            Issue.record("the intent was not finished: \(results)")
            return
        }
        #expect(outcome.change == .roleUpdated(from: .user, to: .billing))
        #expect(await api.members.first?.role == .billing)
    }
}

@Suite struct ChangeSerializerTests {
    @Test func changesToOneKeyRunOneAtATime() async throws {
        let serializer = InProcessChangeSerializer()
        let tracker = ConcurrencyTracker()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await serializer.withExclusiveAccess(to: "same@acme.example") {
                        await tracker.enter()
                        try await Task.sleep(for: .milliseconds(1))
                        await tracker.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await tracker.maximum == 1)
        #expect(await tracker.total == 20)
    }

    @Test func differentKeysRunTogether() async throws {
        let serializer = InProcessChangeSerializer()
        let tracker = ConcurrencyTracker()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<8 {
                group.addTask {
                    try await serializer.withExclusiveAccess(to: "user\(index)@acme.example") {
                        await tracker.enter()
                        try await Task.sleep(for: .milliseconds(50))
                        await tracker.leave()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(await tracker.maximum > 1)
    }

    @Test func aFailingChangeReleasesTheKey() async throws {
        let serializer = InProcessChangeSerializer()
        await #expect(throws: CancellationError.self) {
            try await serializer.withExclusiveAccess(to: "k") { throw CancellationError() }
        }
        let value = try await serializer.withExclusiveAccess(to: "k") { 42 }
        #expect(value == 42)
    }
}

actor ConcurrencyTracker {
    private(set) var current = 0
    private(set) var maximum = 0
    private(set) var total = 0

    func enter() {
        current += 1
        total += 1
        maximum = max(maximum, current)
    }

    func leave() { current -= 1 }
}
