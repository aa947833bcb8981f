import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyRuntime
import ScimifyTestSupport
import Testing

/// The two ways of reading what people hold agree: the console's one listing of the whole organization and the
/// CLI's per-person reading, over the simulator's demo organization.
@Suite(.timeLimit(.minutes(2))) struct HoldingsReaderTests {
    @Test func theOrganizationListingAndThePersonReadingAgreeForEveryMember() async throws {
        try await withSimulator { sim in
            let client = sim.client()
            let organization = try await HoldingsReader.organization(using: client)
            #expect(organization.workspaces.map(\.name) == ["Production", "Research", "Old Prototype"])
            #expect(organization.keys.count == 7, "every status of every creator")
            let members = try await client.listAllMembers(progress: nil)
            var holders = 0
            for member in members {
                let person = try await HoldingsReader.person(member, using: client)
                #expect(organization.person(member) == person, "\(member.email)")
                if !person.keys.isEmpty || !person.workspaces.isEmpty { holders += 1 }
            }
            #expect(holders == 3, "Jane, José and Chloé hold something")
            let jane = try #require(members.first { $0.email == "jane.smith@acme.example" })
            #expect(organization.person(jane).survivingActiveKeys.map(\.name) == ["ci-deploy"])
            // The departed creator's key is nobody's holding, and an orphan.
            let orphans = APIKeyMaker.orphaned(organization.keys, people: members.map { ($0.id, $0.email) })
            #expect(orphans.map(\.name) == ["old-pipeline"])
        }
    }

    @Test func anEnterpriseOrganizationHasNoKeyEndpoints() async throws {
        try await withSimulator { sim in
            await sim.simulator.organization.setEnterprise(true)
            do {
                _ = try await HoldingsReader.organization(using: sim.client())
                Issue.record("an Enterprise organization listed workspaces")
            } catch let error as ProvisioningError {
                #expect(error.meansNoKeyEndpoints, "\(error)")
            }
        }
    }

    /// An archived workspace whose members cannot be listed (the answer is UNVERIFIED) does not fail the reading
    /// of everything else; a live workspace's refusal would.
    @Test func anArchivedWorkspaceThatRefusesItsMemberListIsReadAsEmpty() async throws {
        try await withSimulator { sim in
            await sim.simulator.organization.setRefusesArchivedWorkspaceMembers(true)
            let client = sim.client()
            let archived = try #require(try await client.listWorkspaces().value.first { $0.archivedAt != nil })
            await #expect(throws: ProvisioningError.self, "the switch is on: a plain listing is refused") {
                _ = try await client.listWorkspaceMembers(workspaceID: archived.id)
            }
            let organization = try await HoldingsReader.organization(using: client)
            #expect(organization.workspaces.contains { $0.name == "Old Prototype" && $0.archivedAt != nil })
            #expect(organization.keys.count == 7)
            let jane = try #require(try await client.findMember(email: "jane.smith@acme.example").value)
            let person = try await HoldingsReader.person(jane, using: client)
            #expect(person.workspaces.map(\.workspace.name) == ["Production", "Research"])
            #expect(organization.person(jane) == person)
        }
    }
}
