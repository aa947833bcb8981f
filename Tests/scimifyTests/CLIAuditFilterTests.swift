import Foundation
import ScimifyTestSupport
import Testing

/// `scimify audit --email --actor --action --follow` (issue 22, section 4): the filters narrow the log the
/// way an operator greps it, and `--follow` prints each new event as the store gets it.
@Suite(.serialized, .timeLimit(.minutes(3))) struct CLIAuditFilterTests {
    @Test func theFiltersNarrowAndFollowPrintsNewEvents() async throws {
        try await OneTruthWorld.run { world in
            _ = try await world.scimCreate("audit.one@acme.example", role: "developer")
            let cli = try await world.run("invite", "audit.two@acme.example", "--role", "billing")
            #expect(cli.status == 0, "\(cli.stderr)")

            func targets(_ arguments: String...) async throws -> [String] {
                let result = try await world.run(["audit", "--json"] + arguments)
                #expect(result.status == 0, "\(result.stderr)")
                return result.lines.compactMap {
                    (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["target"] as? String
                }
            }
            #expect(try await targets("--email", "AUDIT.ONE@acme.example") == ["audit.one@acme.example"])
            let byCLI = try await targets("--actor", "cli:")
            #expect(byCLI.contains("audit.two@acme.example") && !byCLI.contains("audit.one@acme.example"))
            #expect(try await targets("--action", "invite.create", "--email", "audit.one@acme.example").count == 1)
            #expect(try await targets("--actor", "scim:", "--email", "audit.two@acme.example").isEmpty)
            #expect(try await targets("--actor", "nobody").isEmpty)

            let follower = try LaunchedChild(
                ["audit", "--follow", "--email", "audit.two@acme.example", "--db", world.fixture.path],
                environment: ["USER": "ops"])
            defer { follower.send(SIGTERM) }
            try await Task.sleep(for: .milliseconds(700))
            let changed = try await world.run("set-role", "audit.two@acme.example", "developer")
            #expect(changed.status == 0, "\(changed.stderr)")
            // The invite made before it started, then the re-invite as it happens, oldest first.
            let printed = try await follower.waitForOutput(containing: "developer", seconds: 10)
            let lines = printed.split(separator: "\n")
            #expect(lines.count >= 2 && lines[0].contains("billing"), "\(printed)")
            #expect(!printed.contains("audit.one"), "\(printed)")
            try await world.expectConsistent()
        }
    }
}
