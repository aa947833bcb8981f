import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// Issue 21, defect 3: whatever the core learns from Claude while it acts (a member gone, the invites listed) is
/// part of what the recorder writes, so the mirror, SCIM GET, problems and the console follow Claude at once
/// instead of waiting for the next refresh. Each case removes a member in Claude's own pages first.
@Suite(.timeLimit(.minutes(5))) struct LiveFindingsTests {
    /// Removes `email`'s member in Claude itself (an admin in Claude's own pages); returns the member id.
    private func removeInClaude(_ email: String, _ world: OneTruthWorld) async throws -> String {
        let organization = world.sim.simulator.organization
        let member = try #require(await organization.member(email: email))
        try await organization.removeMemberOutside(id: member.id)
        return member.id
    }

    private func mirrorHasMember(_ email: String, _ world: OneTruthWorld) async throws -> Bool {
        let mirror = try #require(try world.fixture.database.mirror(instanceID: world.fixture.instance.id))
        return mirror.members.contains { EmailAddress.key($0.email) == EmailAddress.key(email) }
    }

    private func recordID(_ email: String, _ world: OneTruthWorld) async throws -> String {
        let filter = #"userName eq "\#(email)""#.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
        let found = try await world.scim.call("GET", "/Users?filter=" + filter)
        return try #require((found.json["Resources"] as? [[String: Any]])?.first?["id"] as? String)
    }

    @Test func aScimRoleChangeForAMemberGoneFromClaudeShowsTheInviteItMade() async throws {
        try await OneTruthWorld.run { world in
            let email = "jane.smith@acme.example"
            let id = try await recordID(email, world)
            _ = try await removeInClaude(email, world)
            let patched = try await world.scimSetRole(id, "developer")
            #expect(patched.status == 200, "\(patched.text)")
            #expect(
                (patched.json[OneTruthWorld.roleExtension] as? [String: Any])?["claude_role"] as? String == "developer")
            #expect(await world.pending(email).map(\.role) == ["developer"])
            #expect(try await world.scimRole(id) == "developer")
            #expect(try await !mirrorHasMember(email, world))
            let problems = try await world.run("problems", "list", "--json")
            #expect(!problems.stdout.contains("Claude has the role user"), "\(problems.stdout)")
            let members = try await world.run("members", "list", "--cached", "--json")
            #expect(!members.stdout.contains(email))
            try await world.expectConsistent()
        }
    }

    @Test(arguments: ["delete", "deactivate"])
    func aScimRemovalOfAMemberGoneFromClaudeDropsThemFromTheMirror(_ how: String) async throws {
        try await OneTruthWorld.run { world in
            let email = "jose.garcia@acme.example"
            let id = try await recordID(email, world)
            _ = try await removeInClaude(email, world)
            let reply =
                how == "delete"
                ? try await world.scim.call("DELETE", "/Users/\(id)")
                : try await world.scim.call(
                    "PATCH", "/Users/\(id)",
                    body: OneTruthWorld.patchOp + #"[{"op":"replace","value":{"active":false}}]}"#)
            #expect(reply.status == 204 || reply.status == 200, "\(reply.text)")
            #expect(try await !mirrorHasMember(email, world))
            try await world.expectConsistent()
        }
    }

    @Test func cliRemoveThenInviteOfAMemberGoneFromClaude() async throws {
        try await OneTruthWorld.run { world in
            let email = "chloe.dubois@acme.example"
            _ = try await removeInClaude(email, world)
            let removed = try await world.run("remove", email, "--yes")
            #expect(removed.status == 0, "\(removed.stderr)")
            #expect(try await !mirrorHasMember(email, world), "the removal learned she is gone")
            let invited = try await world.run("invite", email, "--role", "developer")
            #expect(invited.status == 0, "\(invited.stderr)")
            let cached = try await world.run("invites", "list", "--cached", "--json")
            #expect(cached.stdout.contains(email))
            #expect(try await !mirrorHasMember(email, world))
            try await world.expectConsistent()
        }
    }

    /// A change refused as "changed since you looked" (the console's `e` and the CLI's `--expect-*`) sends no
    /// write, but what its lookup said is Claude's state: the stale row goes.
    @Test func aStaleRefusalStillDropsTheMemberItFoundGone() async throws {
        try await OneTruthWorld.run { world in
            let email = "bjorn.nilsson@acme.example"
            let member = try #require(await world.sim.simulator.organization.member(email: email))
            _ = try await removeInClaude(email, world)
            let writes = await world.sim.simulator.traffic.writeCount()
            let stale = try await world.run(
                "set-role", email, "billing", "--expect-member", member.id, "--expect-role", member.role)
            #expect(stale.status == 1)
            #expect(stale.stderr.contains("changed since you looked"), "\(stale.stderr)")
            #expect(await world.sim.simulator.traffic.writeCount() == writes)
            #expect(try await !mirrorHasMember(email, world))
            try await world.expectConsistent()
        }
    }
}
