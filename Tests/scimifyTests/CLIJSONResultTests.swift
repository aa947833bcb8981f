import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifyTestSupport
import Testing

/// Every command that changes something has `--json` (issue 22, section 4): one object on stdout that a
/// script can read, the same facts as the sentence.
@Suite(.timeLimit(.minutes(3))) struct CLIJSONResultTests {
    let cli = ScimifyProcess()

    private func object(_ result: ScimifyProcess.Result) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout)")
    }

    @Test func settingsTokensKeysAndProblemsAnswerInJSON() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            let slug = fixture.instance.slug
            let db = ["--db", fixture.path]
            let mode = try object(try await cli.run(["instances", "set-mode", slug, "dry-run", "--json"] + db))
            #expect(mode["instance"] as? String == slug && mode["mode"] as? String == "dry-run")
            let color = try object(try await cli.run(["instances", "set-color", slug, "red", "--json"] + db))
            #expect(color["header_color"] as? String == "red")
            let guardPolicy = try object(
                try await cli.run(["instances", "set-guard", slug, "--max-removals", "3", "--json"] + db))
            #expect(guardPolicy["max_removals"] as? Int == 3 && guardPolicy["window_minutes"] as? Int == 60)
            let offboarding = try object(
                try await cli.run(["instances", "set-offboarding", slug, "--keys", "deactivate", "--json"] + db))
            #expect(offboarding["offboarding_keys"] as? String == "deactivate")
            let tested = try object(try await cli.run(["instances", "test", slug, "--json"] + db))
            #expect(tested["ok"] as? Bool == true && (tested["organization"] as? String)?.isEmpty == false, "\(tested)")
            let rotated = try object(try await cli.run(["instances", "rotate-token", slug, "--json"] + db))
            #expect((rotated["scim_token"] as? String)?.hasPrefix("scimify_") == true)

            let keys = try await cli.run(["keys", "list", "--json"] + db)
            let id = try #require(
                keys.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
                    .first { $0["name"] as? String == "ci-deploy" }?["id"] as? String)
            let dry = try object(try await cli.run(["keys", "deactivate", id, "--yes", "--json"] + db))
            #expect(dry["dry_run"] as? Bool == true && dry["would_be"] as? String == "inactive", "dry-run mode")

            let unknown = try await cli.run(["problems", "dismiss", "nope", "--json"] + db)
            #expect(unknown.status == 2 && unknown.stdout.isEmpty, "an unknown id is a usage error")
            let error = try #require(
                try JSONSerialization.jsonObject(with: Data(unknown.stderr.utf8)) as? [String: Any], "\(unknown.stderr)"
            )
            #expect((error["error"] as? String)?.contains("no open problem") == true)

            let removed = try object(try await cli.run(["instances", "remove", slug, "--yes", "--json"] + db))
            #expect(removed["removed"] as? Bool == true)
        }
    }
}
