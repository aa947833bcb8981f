import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyTestSupport
import Testing

/// Every rule of the design through the real client and the simulator over loopback HTTP.
@Suite(.timeLimit(.minutes(5))) struct ProvisionerAgainstSimulatorTests {
    @Test func createIsOneUpstreamCallAndIdempotent() async throws {
        try await withSimulator { sim in
            let statistics = ClientStatistics()
            let provisioner = Provisioner(api: sim.client(statistics: statistics))
            let first = try await provisioner.provision(email: "Fresh.Face@acme.example", role: .claudeCodeUser)
            #expect(first.change == .invited)
            #expect(statistics.calls.values.reduce(0, +) == 1)
            let second = try await provisioner.provision(email: "fresh.face@ACME.example", role: nil)
            #expect(second.change == .alreadyInvited)
            #expect(second.invite?.role == .claudeCodeUser)
            #expect(await sim.simulator.organization.pendingInvites(email: "fresh.face@acme.example").count == 1)
        }
    }

    @Test func memberThenInviteThenCreate() async throws {
        try await withSimulator { sim in
            let provisioner = Provisioner(api: sim.client())
            let member = try await provisioner.provision(email: "jane.smith@acme.example", role: nil)
            #expect(member.change == .alreadyMember)
            #expect(member.member?.name == "Jane Smith")
            let invite = try await provisioner.provision(email: "new.hire2@acme.example", role: nil)
            #expect(invite.change == .alreadyInvited)
            let expired = try await provisioner.provision(email: "expired.old1@acme.example", role: nil)
            #expect(expired.change == .invited)  // an expired invite is no invite: invite again
            #expect(await sim.simulator.traffic.writeCount() == 3)
        }
    }

    @Test func explicitRoleOnAMemberIsAppliedAbsentRoleNeverDowngrades() async throws {
        try await withSimulator { sim in
            let provisioner = Provisioner(api: sim.client())
            let dev = try #require(await sim.simulator.organization.member(email: "jose.garcia@acme.example"))
            #expect(dev.role == "developer")
            _ = try await provisioner.provision(email: "jose.garcia@acme.example", role: nil)
            #expect(await sim.simulator.organization.member(email: "jose.garcia@acme.example")?.role == "developer")
            let changed = try await provisioner.provision(email: "jose.garcia@acme.example", role: .billing)
            #expect(changed.change == .roleUpdated(from: .developer, to: .billing))
            #expect(await sim.simulator.organization.member(email: "jose.garcia@acme.example")?.role == "billing")
        }
    }

    @Test func roleChangeOnAPendingInviteLeavesExactlyOneInviteWithTheNewRole() async throws {
        try await withSimulator { sim in
            let provisioner = Provisioner(api: sim.client())
            let outcome = try await provisioner.updateRole(email: "new.hire1@acme.example", role: .developer)
            #expect(outcome.change == .reinvited(from: .user, to: .developer))
            #expect(outcome.requestIDs.count >= 4)
            let pending = await sim.simulator.organization.pendingInvites(email: "new.hire1@acme.example")
            #expect(pending.map(\.role) == ["developer"])
        }
    }

    @Test func protectedAdminIsRefusedAndUntouched() async throws {
        try await withSimulator { sim in
            let provisioner = Provisioner(api: sim.client())
            for attempt in [
                { try await provisioner.updateRole(email: SimulatorSeed.adminEmail, role: .user) },
                { try await provisioner.deprovision(email: SimulatorSeed.adminEmail) },
            ] as [@Sendable () async throws -> ProvisioningOutcome] {
                do {
                    _ = try await attempt()
                    Issue.record("changed the admin")
                } catch let error as ProvisioningError {
                    #expect(error.kind == .protectedMember)
                }
            }
            #expect(await sim.simulator.organization.member(email: SimulatorSeed.adminEmail)?.role == "admin")
            #expect(await sim.simulator.traffic.writeCount() == 0)
        }
    }

    @Test func deprovisionMemberInviteAndNeither() async throws {
        try await withSimulator { sim in
            let provisioner = Provisioner(api: sim.client())
            let result1 = try await provisioner.deprovision(email: "liam.brown@acme.example")
            #expect(result1.change == .memberRemoved)
            #expect(await sim.simulator.organization.member(email: "liam.brown@acme.example") == nil)
            let result2 = try await provisioner.deprovision(email: "pending.renee@acme.example")
            #expect(result2.change == .inviteCancelled)
            #expect(await sim.simulator.organization.pendingInvites(email: "pending.renee@acme.example").isEmpty)
            let result3 = try await provisioner.deprovision(email: "expired.old2@acme.example")
            #expect(result3.change == .nothingToRemove)
            let result4 = try await provisioner.deprovision(email: "never@acme.example")
            #expect(result4.change == .nothingToRemove)
        }
    }

    @Test func jitOrganizationRefusesNewPeopleWithTheRemedies() async throws {
        try await withSimulator(.init(mode: .jit)) { sim in
            let provisioner = Provisioner(api: sim.client())
            do {
                _ = try await provisioner.provision(email: "someone.new@acme.example", role: .user)
                Issue.record("a JIT org accepted an invite")
            } catch let error as ProvisioningError {
                #expect(error.kind == .ssoManagesMembers)
                #expect(error.isRefusal)
                #expect(error.message.contains("Invite only") && error.message.contains("Create users"))
            }
            let result5 = try await provisioner.provision(email: "jane.smith@acme.example", role: nil)
            #expect(result5.change == .alreadyMember)
        }
    }

    @Test func parallelCreatesOfOneEmailMakeOneInvite() async throws {
        try await withSimulator { sim in
            let provisioner = Provisioner(api: sim.client())
            let outcomes = try await withThrowingTaskGroup(of: ProvisioningOutcome.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        try await provisioner.provision(
                            email: index % 2 == 0 ? "race@acme.example" : "RACE@acme.example", role: .developer)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0.change == .invited }.count == 1)
            #expect(await sim.simulator.organization.pendingInvites(email: "race@acme.example").count == 1)
        }
    }

    @Test func expiredInviteOfAnActiveUserIsInvitedAgainOnRoleChange() async throws {
        try await withSimulator { sim in
            let provisioner = Provisioner(api: sim.client())
            let outcome = try await provisioner.updateRole(
                email: "expired.old1@acme.example", role: .billing, inviteIfMissing: true)
            #expect(outcome.change == .invited)
            #expect(
                await sim.simulator.organization.pendingInvites(email: "expired.old1@acme.example").map(\.role) == [
                    "billing"
                ])
        }
    }
}
