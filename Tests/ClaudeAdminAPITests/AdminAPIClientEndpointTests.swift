import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyTestSupport
import Testing

@Suite(.timeLimit(.minutes(5))) struct AdminAPIClientEndpointTests {
    @Test func organizationNamesTheSimulatedOrg() async throws {
        try await withSimulator { sim in
            let org = try await sim.client().organization()
            #expect(org.value.name == "Acme Demo")
            #expect(org.value.id == "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f")
            #expect(org.requestID?.hasPrefix("req_") == true)
        }
    }

    @Test func listsEveryDemoMemberAndInviteWithDecodedFields() async throws {
        try await withSimulator { sim in
            let client = sim.client(pageSize: 7)
            let members = try await client.listAllMembers(progress: nil)
            #expect(members.count == 41)
            #expect(Set(members.map(\.id)).count == 41)
            let admin = try #require(members.first { $0.email == SimulatorSeed.adminEmail })
            #expect(admin.role == .admin)
            #expect(admin.isProtected)
            let li = try #require(members.first { $0.email == "li.wei@acme.example" })
            #expect(li.name == "李伟")
            // Newest first.
            #expect(zip(members, members.dropFirst()).allSatisfy { $0.addedAt >= $1.addedAt })
            let invites = try await client.listAllInvites(progress: nil)
            #expect(invites.count == 12)
            #expect(invites.filter { $0.status == .expired }.count == 2)
            #expect(invites.filter { $0.status == .accepted }.count == 1)
            let pending = invites.filter { $0.status == .pending }
            #expect(pending.count == 9)
            for invite in invites {
                #expect(abs(invite.expiresAt.timeIntervalSince(invite.invitedAt) - 21 * 86_400) < 1)
            }
        }
    }

    @Test func createGetAndDeleteAnInvite() async throws {
        try await withSimulator(.init(seed: .empty)) { sim in
            let client = sim.client()
            let created = try await client.createInvite(email: "New.Person+tag@Example.com", role: .developer)
            #expect(created.value.status == .pending)
            #expect(created.value.role == .developer)
            #expect(created.value.email == "New.Person+tag@Example.com")
            let fetched = try await client.invite(id: created.value.id)
            #expect(fetched.value == created.value)
            let found = try await client.findInvites(email: "new.person+TAG@example.com")
            #expect(found.value.map(\.id) == [created.value.id])
            _ = try await client.deleteInvite(inviteID: created.value.id)
            let afterDelete = try await client.findInvites(email: "new.person+tag@example.com")
            #expect(afterDelete.value.isEmpty)
            await #expect(throws: ProvisioningError.self) { try await client.invite(id: created.value.id) }
        }
    }

    @Test func getUpdateAndRemoveAMember() async throws {
        try await withSimulator { sim in
            let client = sim.client()
            let found = try #require(try await client.findMember(email: "JANE.SMITH@acme.example").value)
            #expect(found.name == "Jane Smith")
            let fetched = try await client.member(id: found.id)
            #expect(fetched.value == found)
            let updated = try await client.updateMemberRole(memberID: found.id, role: .billing)
            #expect(updated.value.role == .billing)
            #expect(await sim.simulator.organization.member(email: "jane.smith@acme.example")?.role == "billing")
            let removed = try await client.removeMember(memberID: found.id)
            #expect(removed.requestID != nil)
            let gone = try await client.findMember(email: "jane.smith@acme.example")
            #expect(gone.value == nil)
        }
    }

    @Test func findMemberIgnoresNearMatches() async throws {
        try await withSimulator { sim in
            let client = sim.client()
            let nearMiss = try await client.findMember(email: "jane.smith@acme.exampl")
            #expect(nearMiss.value == nil)
            let nobody = try await client.findMember(email: "nobody@acme.example")
            #expect(nobody.value == nil)
        }
    }
}
