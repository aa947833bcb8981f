import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyTestSupport
import Testing

/// The client's API-key, workspace and workspace-member calls against the simulator over loopback HTTP, with
/// small pages so every listing pages.
@Suite(.timeLimit(.minutes(3))) struct OffboardingEndpointTests {
    @Test func keysPageFilterAndChangeStatus() async throws {
        try await withSimulator { sim in
            let client = sim.client(pageSize: 2)
            let all = try await client.listAPIKeys().value
            #expect(all.count == 7 && Set(all.map(\.id)).count == 7)
            #expect(all.filter { $0.status == .inactive }.map(\.name) == ["jose-old-notebook"])
            let jane = try #require(try await client.findMember(email: "jane.smith@acme.example").value)
            let janes = try await client.listAPIKeys(createdByUserID: jane.id).value
            #expect(Set(janes.map(\.name)) == ["jane-laptop", "ci-deploy"])
            #expect(janes.filter { $0.survivesRemoval(of: jane.id) }.map(\.name) == ["ci-deploy"])
            #expect(try await client.listAPIKeys(status: .inactive).value.count == 1)
            let orphan = try #require(all.first { $0.name == "old-pipeline" })
            #expect(orphan.createdByUserID == SimulatorSeed.departedUserID && orphan.status == .active)
            #expect(all.first { $0.name == "legacy-import" }?.createdByUserID == nil)

            let ciDeploy = try #require(janes.first { $0.name == "ci-deploy" })
            let changed = try await client.updateAPIKey(id: ciDeploy.id, status: .inactive)
            #expect(changed.value.status == .inactive && changed.requestID != nil)
            #expect(try await client.apiKey(id: ciDeploy.id).value.status == .inactive)
            #expect(await sim.simulator.organization.apiKeyStatuses()[ciDeploy.id] == "inactive")
            await #expect(throws: ProvisioningError.self) { try await client.apiKey(id: "apikey_missing") }
        }
    }

    @Test func workspacesAndTheirMembersGoWithARemovedMember() async throws {
        try await withSimulator { sim in
            let client = sim.client(pageSize: 1)
            let workspaces = try await client.listWorkspaces(includeArchived: true).value
            #expect(workspaces.map(\.name) == ["Production", "Research", "Old Prototype"])
            #expect(try await client.listWorkspaces(includeArchived: false).value.count == 2)
            let production = workspaces[0]
            #expect(try await client.workspace(id: production.id).value == production)
            let members = try await client.listWorkspaceMembers(workspaceID: production.id).value
            #expect(members.count == 2 && members.allSatisfy { $0.role == "workspace_developer" })
            let jane = try #require(try await client.findMember(email: "jane.smith@acme.example").value)
            #expect(
                try await client.workspaceMember(workspaceID: production.id, userID: jane.id).value.role
                    == "workspace_developer")

            _ = try await client.removeMember(memberID: jane.id)
            await #expect(throws: ProvisioningError.self) {
                try await client.workspaceMember(workspaceID: production.id, userID: jane.id)
            }
            #expect(try await client.listWorkspaceMembers(workspaceID: production.id).value.count == 1)
            // Her keys are still listed: whether their status changes is not documented (spec §15).
            #expect(try await client.listAPIKeys(createdByUserID: jane.id).value.count == 2)
        }
    }
}
