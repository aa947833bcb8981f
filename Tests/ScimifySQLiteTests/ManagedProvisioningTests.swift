import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// The provisioner with memory against the simulator, on a real SQLite file.
@Suite(.timeLimit(.minutes(5))) struct ManagedProvisioningTests {
    let actor = ManagedProvisioner.Actor(name: "cli:tester", source: .cli)

    @Test func everyChangeIsAuditedWithItsRequestIDsAndLinked() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            let provisioner = try fixture.provisioner(client: sim.client())
            let invited = try await provisioner.provision(email: "new.one@acme.example", role: .developer, actor: actor)
            _ = try await provisioner.updateRole(email: "new.one@acme.example", role: .billing, actor: actor)
            _ = try? await provisioner.provision(email: "x@acme.example", role: .admin, actor: actor)
            _ = try? await provisioner.deprovision(email: SimulatorSeed.adminEmail, actor: actor)
            let events = try fixture.database.auditEvents(instanceID: fixture.instance.id)
            #expect(events.map(\.action) == ["member.delete", "invite.create", "invite.reinvite", "invite.create"])
            #expect(events.map(\.outcome) == [.refused, .refused, .ok, .ok])
            #expect(events[3].requestIDs == invited.requestIDs)
            #expect(events[2].requestIDs.count >= 4)
            #expect(events[1].detail == ProvisioningError.adminRefusalMessage)
            #expect(events.allSatisfy { $0.actor == "cli:tester" && $0.instanceSlug == "acme" })
            let record = try #require(
                try fixture.database.record(instanceID: fixture.instance.id, userName: "NEW.ONE@acme.example"))
            let pending = await sim.simulator.organization.pendingInvites(email: "new.one@acme.example")
            #expect(record.inviteID == pending.first?.id)
            #expect(record.requestedRole == .billing)
            #expect(record.source == .cli)
        }
    }

    @Test func adminRefusalIsAuditedWithoutAnyUpstreamCall() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            let provisioner = try fixture.provisioner(client: sim.client())
            await #expect(throws: ProvisioningError.adminNotAssignable()) {
                try await provisioner.provision(email: "x@acme.example", role: .admin, actor: actor)
            }
            let events = try fixture.database.auditEvents(instanceID: fixture.instance.id)
            #expect(events.map(\.outcome) == [.refused])
            #expect(events.first?.detail == ProvisioningError.adminRefusalMessage)
            #expect(await sim.simulator.traffic.writeCount() == 0)
        }
    }

    @Test func dryRunSendsNoWriteButRecordsWhatItWouldDo() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim, mode: .dryRun)
            defer { fixture.directory.remove() }
            let provisioner = try fixture.provisioner(client: sim.client())
            let invited = try await provisioner.provision(email: "new.one@acme.example", role: .developer, actor: actor)
            #expect(invited.change == .invited)
            let reinvite = try await provisioner.updateRole(
                email: "new.hire1@acme.example", role: .billing, actor: actor)
            #expect(reinvite.change == .reinvited(from: .user, to: .billing))
            let update = try await provisioner.updateRole(
                email: "jane.smith@acme.example", role: .developer, actor: actor)
            #expect(update.change == .roleUpdated(from: .user, to: .developer))
            let removal = try await provisioner.deprovision(email: "liam.brown@acme.example", actor: actor)
            #expect(removal.change == .memberRemoved)
            #expect(await sim.simulator.traffic.writeCount() == 0)
            #expect(await sim.simulator.organization.member(email: "liam.brown@acme.example") != nil)
            #expect(
                await sim.simulator.organization.pendingInvites(email: "new.hire1@acme.example").map(\.role) == ["user"]
            )
            let events = try fixture.database.auditEvents(instanceID: fixture.instance.id)
            #expect(events.count == 4)
            #expect(events.allSatisfy { $0.outcome == .dryRun })
            #expect(
                events.contains { $0.detail.contains("would send POST /invites new.one@acme.example role=developer") })
            #expect(
                events.contains {
                    $0.detail.contains("DELETE /invites/")
                        && $0.detail.contains("POST /invites new.hire1@acme.example role=billing")
                })
            #expect(try fixture.database.openIntentCounts().values.reduce(0, +) == 0)
        }
    }

    @Test func refreshDiffAfterChangesOutsideScimify() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            let refresher = fixture.refresher(client: sim.client(pageSize: 7))
            let progress = LockedBox<[Refresher.Progress]>([])
            let first = try await refresher.run(actor: "cli:tester") { report in progress.mutate { $0.append(report) } }
            #expect(first.diff.isFirstRefresh)
            #expect(first.memberCount == 41 && first.inviteCount == 12)
            #expect(first.recordsCreated == 41 + 9)
            #expect(progress.value.last.map { ($0.members.pages, $0.members.rows) } ?? (0, 0) == (6, 41))
            let org = sim.simulator.organization
            let hire = try #require(await org.pendingInvites(email: "new.hire1@acme.example").first)
            _ = try await org.acceptInvite(id: hire.id)
            let renee = try #require(await org.pendingInvites(email: "pending.renee@acme.example").first)
            try await org.expireInvite(id: renee.id)
            let liam = try #require(await org.member(email: "liam.brown@acme.example"))
            try await org.removeMemberOutside(id: liam.id)
            await org.addMember(email: "walk.in@acme.example", name: "Walk In", role: "developer")
            let cancelled = try #require(await org.pendingInvites(email: "finance.kai@acme.example").first)
            _ = try await sim.client().deleteInvite(inviteID: cancelled.id)
            let jane = try #require(await org.member(email: "jane.smith@acme.example"))
            _ = try await sim.client().updateMemberRole(memberID: jane.id, role: .billing)

            let second = try await refresher.run(actor: "cli:tester")
            let diff = second.diff
            #expect(!diff.isFirstRefresh)
            #expect(Set(diff.newMembers.map(\.email)) == ["new.hire1@acme.example", "walk.in@acme.example"])
            #expect(diff.removedMembers.map(\.email) == ["liam.brown@acme.example"])
            #expect(diff.roleChanges.map(\.member.email) == ["jane.smith@acme.example"])
            #expect(diff.invitesAccepted.map(\.email) == ["new.hire1@acme.example"])
            #expect(diff.invitesExpired.map(\.email) == ["pending.renee@acme.example"])
            #expect(diff.invitesCancelled.map(\.email) == ["finance.kai@acme.example"])
            #expect(diff.newInvites.isEmpty)
            #expect(second.recordsMarkedRemoved == 1)
            let liamRecord = try #require(
                try fixture.database.record(instanceID: fixture.instance.id, userName: "liam.brown@acme.example"))
            #expect(liamRecord.removedOutside)
            let hireRecord = try #require(
                try fixture.database.record(instanceID: fixture.instance.id, userName: "new.hire1@acme.example"))
            #expect(hireRecord.memberID != nil && hireRecord.inviteID == nil)
            let firstRecordIDs = Set(try fixture.database.records(instanceID: fixture.instance.id).map(\.id))
            _ = try await refresher.run(actor: "cli:tester")
            // Stable ids.
            #expect(Set(try fixture.database.records(instanceID: fixture.instance.id).map(\.id)) == firstRecordIDs)
            let mirror = try #require(try fixture.database.mirror(instanceID: fixture.instance.id))
            #expect(mirror.members.count == 42)
            #expect(!mirror.members.contains { $0.email == "liam.brown@acme.example" })
            #expect(mirror.members.first { $0.email == "jane.smith@acme.example" }?.role == .billing)
            #expect(mirror.invites.first { $0.email == "pending.renee@acme.example" }?.status == .expired)
            let audit = try fixture.database.auditEvents(instanceID: fixture.instance.id)
            #expect(audit.filter { $0.action == "refresh" }.count == 3)
        }
    }

    @Test func readinessSaysGoOnTheDemoSeed() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            _ = try await fixture.refresher(client: sim.client()).run(actor: "cli:tester")
            let report = try await ReadinessCheck(api: sim.client(), mayProbe: true)
                .run(records: try fixture.database.records(instanceID: fixture.instance.id), recentAudit: [])
            #expect(report.isGo, "\(report.verdict)")
            #expect(report.inviteProbe == .allowed)
            #expect(report.protectedMembers.map(\.email) == [SimulatorSeed.adminEmail])
            #expect(report.expiringSoon.count == 2)
            #expect(report.expiredInvites.count == 2)
            #expect(report.membersWithoutRecord.isEmpty)
            #expect(await sim.simulator.organization.counts().invites == 12)  // the probe created nothing
        }
    }

    @Test func readinessSaysNoGoInJitModeAndExplains() async throws {
        try await withSimulator(.init(mode: .jit)) { sim in
            let report = try await ReadinessCheck(api: sim.client(), mayProbe: true).run(records: [], recentAudit: [])
            #expect(!report.isGo)
            #expect(report.inviteProbe == .ssoManaged)
            #expect(report.verdict.hasPrefix("NO-GO"))
            #expect(report.verdict.contains("Invite only") && report.verdict.contains("Create users"))
            #expect(report.membersWithoutRecord.count == 41)
        }
    }

    @Test func readinessSaysNoGoWithAWrongKey() async throws {
        try await withSimulator { sim in
            let client = sim.client(key: AdminAPIKey("sk-ant-admin01-wrong"))
            let report = try await ReadinessCheck(api: client, mayProbe: true).run(records: [], recentAudit: [])
            #expect(!report.isGo)
            #expect(report.credentialError?.kind == .authentication)
            #expect(report.verdict.contains("the Admin API key does not work"))
        }
    }
}
