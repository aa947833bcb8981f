import AdminAPISimulator
import Foundation
import ScimifyTestSupport
import Testing

/// One way to fail (issue 22, section 4): `scimify: error: ` and one sentence on stderr, the README's exit
/// statuses, and with `--json` a JSON object on stderr while stdout stays empty.
@Suite(.timeLimit(.minutes(3))) struct CLIErrorTests {
    let cli = ScimifyProcess()
    let key = ["ANTHROPIC_ADMIN_KEY": AdminAPISimulator.Configuration.defaultAdminKey]

    private func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    @Test func aRefusalIsExitOneAndWithJSONAnObjectOnStderr() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            let text = try await cli.run(["set-role", "jane.smith@acme.example", "admin", "--db", fixture.path])
            #expect(text.status == 1)
            #expect(text.stderr.hasPrefix("scimify: error: admin cannot be assigned"), "\(text.stderr)")
            let listed = try await cli.run(
                ["members", "list", "--json", "--api-base-url", "http://127.0.0.1:1"], environment: key)
            #expect(listed.status == 3, "an unreachable upstream is exit 3: \(listed.stderr)")
            #expect(listed.stdout.isEmpty)
            let error = try object(listed.stderr)
            #expect(error["exit"] as? Int == 3)
            #expect((error["error"] as? String)?.contains("127.0.0.1:1") == true)
            #expect(error.keys.contains("request_id"))
        }
    }

    @Test func aUsageErrorIsExitTwoWithTheUsage() async throws {
        let text = try await cli.run(["members", "list", "--bogus"])
        #expect(text.status == 2)
        #expect(text.stderr.hasPrefix("scimify: error: Unknown option '--bogus'\nUsage: scimify members list"))
        let json = try await cli.run(["members", "list", "--bogus", "--json"])
        #expect(json.status == 2 && json.stdout.isEmpty)
        #expect(try object(json.stderr)["error"] as? String == "Unknown option '--bogus'")
    }
}
