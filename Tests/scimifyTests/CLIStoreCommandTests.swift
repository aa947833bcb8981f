import AdminAPISimulator
import Foundation
import ScimifyTestSupport
import Testing

/// The store-backed commands of the built executable: instances, refresh, readiness, audit.
@Suite(.timeLimit(.minutes(5))) struct CLIStoreCommandTests {
    let cli = ScimifyProcess()
    let key = AdminAPISimulator.Configuration.defaultAdminKey

    private func json(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    /// `instances add --idp okta` and `instances show --idp entra` print the IdP's form fields for the instance
    /// (issue 22, section 1), the same in `--json`, and never the token again.
    @Test func instancesAddAndShowPrintTheIdPFormFields() async throws {
        try await withSimulator { sim in
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let env = ["SCIMIFY_DB": dir.file("scimify.sqlite"), "ANTHROPIC_ADMIN_KEY": key, "USER": "ops"]
            let added = try await cli.run(
                [
                    "instances", "add", "--name", "Acme Prod", "--api-base-url", sim.baseURL, "--idp", "okta",
                    "--public-base-url", "https://scim.acme.example",
                ], environment: env)
            #expect(added.status == 0, "\(added.stderr)")
            #expect(
                added.stdout.contains("SCIM connector base URL: https://scim.acme.example/instances/acme-prod/scim/v2"))
            #expect(added.stdout.contains("External namespace: urn:ietf:params:scim:schemas:extension:custom:2.0:User"))
            let token = try #require(
                added.lines.first { $0.hasPrefix("SCIM token") }?.split(separator: " ").last.map(String.init))
            let shown = try await cli.run(
                [
                    "instances", "show", "acme-prod", "--idp", "entra", "--public-base-url",
                    "https://scim.acme.example", "--json",
                ],
                environment: env)
            #expect(shown.status == 0, "\(shown.stderr)")
            let object = try json(shown.stdout)
            let fields = try #require(object["idp_fields"] as? [[String: Any]])
            #expect(
                fields.contains {
                    $0["label"] as? String == "Tenant URL"
                        && $0["value"] as? String == "https://scim.acme.example/instances/acme-prod/scim/v2"
                })
            #expect(object["last_refresh"] is String, "instances add refreshed it")
            #expect(!shown.stdout.contains(token), "the token is shown once, by add")
            let plain = try await cli.run(["instances", "show", "acme-prod"], environment: env)
            #expect(plain.stdout.contains("connect an IdP: scimify instances show acme-prod --idp okta|entra"))
        }
    }

    @Test func newUserFlowAddRefreshChangeReadinessAudit() async throws {
        try await withSimulator { sim in
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let env = ["SCIMIFY_DB": dir.file("scimify.sqlite"), "ANTHROPIC_ADMIN_KEY": key, "USER": "ops"]
            let added = try await cli.run(
                ["instances", "add", "--name", "Acme Prod", "--api-base-url", sim.baseURL, "--json"], environment: env)
            #expect(added.status == 0, "\(added.stderr)")
            let instance = try json(added.stdout)
            #expect(instance["slug"] as? String == "acme-prod")
            #expect(instance["scim_base_path"] as? String == "/instances/acme-prod/scim/v2")
            let token = try #require(instance["scim_token"] as? String)
            #expect(token.hasPrefix("scimify_") && token.count >= 40)
            #expect((instance["first_refresh"] as? [String: Any])?["members"] as? Int == 41, "add loads the mirror")

            let noKey = ["SCIMIFY_DB": dir.file("scimify.sqlite"), "USER": "ops"]  // the stored key is used from now on
            let list = try await cli.run(["instances", "list"], environment: noKey)
            #expect(list.stdout.contains("acme-prod") && !list.stdout.contains(token))
            let refreshed = try await cli.run(["refresh", "--json"], environment: noKey)
            #expect(refreshed.status == 0, "\(refreshed.stderr)")
            #expect(try json(refreshed.stdout)["members"] as? Int == 41)

            let invited = try await cli.run(
                ["invite", "new.person@acme.example", "--role", "developer"], environment: noKey)
            #expect(invited.status == 0, "\(invited.stderr)")
            let changed = try await cli.run(["set-role", "new.person@acme.example", "billing"], environment: noKey)
            #expect(changed.status == 0)
            let refused = try await cli.run(["set-role", "new.person@acme.example", "admin"], environment: noKey)
            #expect(refused.status == 1)

            let readiness = try await cli.run(["readiness"], environment: noKey)
            #expect(readiness.status == 0, "\(readiness.stdout)")
            #expect(readiness.lines.last == "GO")
            #expect(
                readiness.stdout.contains(
                    "protected members (never changed or removed): avery.admin@acme.example (admin)"))

            let audit = try await cli.run(["audit", "--since", "1h", "--json"], environment: noKey)
            let rows = try audit.lines.map(json)
            let actions = rows.compactMap { $0["action"] as? String }
            #expect(
                actions.prefix(6) == [
                    "member.update_role", "invite.reinvite", "invite.create", "refresh", "refresh", "instance.add",
                ])
            let create = try #require(rows.first { $0["action"] as? String == "invite.create" })
            #expect(create["actor"] as? String == "cli:ops")
            #expect((create["request_ids"] as? [String])?.first?.hasPrefix("req_") == true)
            #expect(rows.first?["outcome"] as? String == "refused")
            let raw = try dir.allBytes()
            #expect(raw.range(of: Data(key.utf8)) == nil && raw.range(of: Data(token.utf8)) == nil)
            #expect(!audit.stdout.contains(key))
        }
    }

    @Test func readinessExitsOneWithNoGoInJitMode() async throws {
        try await withSimulator(.init(mode: .jit)) { sim in
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let env = ["SCIMIFY_DB": dir.file("scimify.sqlite"), "ANTHROPIC_ADMIN_KEY": key]
            _ = try await cli.run(
                ["instances", "add", "--name", "JIT Org", "--api-base-url", sim.baseURL], environment: env)
            let readiness = try await cli.run(["readiness", "--instance", "jit-org"], environment: env)
            #expect(readiness.status == 1)
            #expect(readiness.lines.last?.hasPrefix("NO-GO: Claude refuses invites") == true)
            #expect(readiness.stdout.contains("\"Invite only\""))
        }
    }

    @Test func addingWithAWrongKeyStoresNothing() async throws {
        try await withSimulator { sim in
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let env = ["SCIMIFY_DB": dir.file("scimify.sqlite"), "ANTHROPIC_ADMIN_KEY": "sk-ant-admin01-nope"]
            let added = try await cli.run(
                ["instances", "add", "--name", "Bad", "--api-base-url", sim.baseURL], environment: env)
            #expect(added.status == 3)
            #expect(added.stderr.contains("HTTP 401"))
            let list = try await cli.run(["instances", "list"], environment: env)
            #expect(list.stdout.contains("no instances"))
        }
    }

    @Test func dryRunModeAndTokenRotation() async throws {
        try await withSimulator { sim in
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let env = ["SCIMIFY_DB": dir.file("scimify.sqlite"), "ANTHROPIC_ADMIN_KEY": key]
            _ = try await cli.run(
                ["instances", "add", "--name", "Acme", "--api-base-url", sim.baseURL, "--mode", "dry-run"],
                environment: env)
            let invited = try await cli.run(["invite", "dry.one@acme.example", "--instance", "acme"], environment: env)
            #expect(invited.status == 0)
            #expect(await sim.simulator.traffic.writeCount() == 0)
            let audit = try await cli.run(["audit", "--json", "--instance", "acme"], environment: env)
            #expect(audit.stdout.contains("\"outcome\":\"dry-run\""))
            let enforce = try await cli.run(["instances", "set-mode", "acme", "enforce"], environment: env)
            #expect(enforce.status == 0)
            _ = try await cli.run(["invite", "dry.one@acme.example"], environment: env)
            #expect(await sim.simulator.organization.pendingInvites(email: "dry.one@acme.example").count == 1)
            let rotated = try await cli.run(["instances", "rotate-token", "acme"], environment: env)
            #expect(rotated.stdout.contains("scimify_"))
            let removed = try await cli.run(["instances", "remove", "acme", "--yes"], environment: env)
            #expect(removed.status == 0)
            let missing = try await cli.run(["refresh", "--instance", "acme"], environment: env)
            #expect(missing.status == 2)
        }
    }

    @Test func insecureKeyFileStopsEveryCommand() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let env = ["SCIMIFY_DB": dir.file("scimify.sqlite")]
        _ = try await cli.run(["instances", "list"], environment: env)
        chmod(dir.file("scimify.key"), 0o644)
        let result = try await cli.run(["instances", "list"], environment: env)
        #expect(result.status == 2)
        #expect(result.stderr.contains("readable by group or others"))
    }
}
