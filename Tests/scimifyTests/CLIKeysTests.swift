import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// `members show`, `keys list` and `keys deactivate` through the built executable against the simulator.
@Suite(.timeLimit(.minutes(5))) struct CLIKeysTests {
    let cli = ScimifyProcess()
    let key = ["ANTHROPIC_ADMIN_KEY": AdminAPISimulator.Configuration.defaultAdminKey]

    private func objects(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    @Test func membersShowNamesWorkspacesKeysAndWhatSurvivesTheRemoval() async throws {
        try await withSimulator { sim in
            let shown = try await cli.run(
                ["members", "show", "jane.smith@acme.example", "--api-base-url", sim.baseURL, "--json"],
                environment: key)
            #expect(shown.status == 0, "\(shown.stderr)")
            let object = try #require(try objects(shown.stdout).first)
            let places = object["workspaces"] as? [[String: String]] ?? []
            #expect(
                Set(places.map { "\($0["name"] ?? "")=\($0["role"] ?? "")" })
                    == ["Production=workspace_developer", "Research=workspace_user"])
            let keys = object["api_keys"] as? [[String: String]] ?? []
            #expect(
                Set(keys.map { "\($0["name"] ?? "")=\($0["survives_removal"] ?? "")" })
                    == ["jane-laptop=no", "ci-deploy=yes"])
            let human = try await cli.run(
                ["members", "show", "jane.smith@acme.example", "--api-base-url", sim.baseURL], environment: key)
            #expect(
                human.stdout.contains(
                    "1 active key would keep working after removing jane.smith@acme.example: ci-deploy"))
            // Makers and workspaces in words, like `keys list`.
            let ciDeploy = try #require(human.lines.first { $0.contains("ci-deploy") }, "\(human.stdout)")
            #expect(ciDeploy.contains("Production") && ciDeploy.contains("jane.smith@acme.example"), "\(ciDeploy)")
            let stranger = try await cli.run(
                ["members", "show", "nobody@acme.example", "--api-base-url", sim.baseURL], environment: key)
            #expect(stranger.status != 0 && stranger.stderr.contains("is not a member"))
        }
    }

    /// Enterprise and key edges (issue 21, defect 11): an organization whose key endpoints answer 404 is said in
    /// words by `members show` (the member, exit 0) and `keys list` (exit 1); `remove` without
    /// `--deactivate-keys` names the keys that outlive the removal.
    @Test func noKeyEndpointsAreSaidAndARemovalNamesTheKeysThatOutliveIt() async throws {
        try await withSimulator { sim in
            let url = ["--api-base-url", sim.baseURL]
            let removed = try await cli.run(["remove", "jane.smith@acme.example", "--yes"] + url, environment: key)
            #expect(removed.status == 0, "\(removed.stderr)")
            #expect(
                removed.stderr.contains("1 active API key(s) created by jane.smith@acme.example keep working")
                    && removed.stderr.contains("ci-deploy (apikey_") && !removed.stderr.contains("jane-laptop"),
                "\(removed.stderr)")

            await sim.simulator.organization.setEnterprise(true, answeringNotFound: true)
            let shown = try await cli.run(["members", "show", "emma.johnson@acme.example"] + url, environment: key)
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(
                shown.stdout.contains("emma.johnson@acme.example")
                    && shown.stdout.contains("no workspace or API key endpoints"))
            let json = try await cli.run(
                ["members", "show", "emma.johnson@acme.example", "--json"] + url, environment: key)
            let object = try #require(try objects(json.stdout).first)
            #expect(object["api_keys"] is NSNull && (object["holdings"] as? String)?.contains("Enterprise") == true)
            let listed = try await cli.run(["keys", "list"] + url, environment: key)
            #expect(listed.status == 1)
            #expect(
                listed.stderr.hasPrefix("scimify: error: this organization has no workspace or API key endpoints"),
                "\(listed.stderr)")
            let plain = try await cli.run(["remove", "emma.johnson@acme.example", "--yes"] + url, environment: key)
            #expect(plain.status == 0 && !plain.stderr.contains("warning"), "\(plain.stderr)")
        }
    }

    @Test func orphanedKeysAfterARemovalAndDeactivation() async throws {
        try await withSimulator { sim in
            let before = try await cli.run(
                ["keys", "list", "--orphaned", "--json", "--api-base-url", sim.baseURL], environment: key)
            #expect(before.status == 0, "\(before.stderr)")
            #expect(try objects(before.stdout).compactMap { $0["name"] as? String } == ["old-pipeline"])
            let removed = try await cli.run(
                ["remove", "jose.garcia@acme.example", "--yes", "--api-base-url", sim.baseURL], environment: key)
            #expect(removed.status == 0, "\(removed.stderr)")
            let after = try await cli.run(
                ["keys", "list", "--orphaned", "--status", "active", "--json", "--api-base-url", sim.baseURL],
                environment: key)
            let orphans = try objects(after.stdout)
            #expect(Set(orphans.compactMap { $0["name"] as? String }) == ["old-pipeline", "research-batch"])
            #expect(
                orphans.allSatisfy {
                    $0["creator_is_member"] as? Bool == false && ($0["created_by_email"] ?? NSNull()) is NSNull
                })
            #expect(!after.stdout.contains("sk-ant-admin"), "never a secret")

            let id = try #require(orphans.first { $0["name"] as? String == "research-batch" }?["id"] as? String)
            let refused = try await cli.run(
                ["keys", "deactivate", id, "--api-base-url", sim.baseURL], environment: key, stdin: "n\n")
            #expect(refused.status != 0 && refused.stderr.contains("not confirmed"))
            #expect(await sim.simulator.organization.apiKeyStatuses()[id] == "active")
            let done = try await cli.run(
                ["keys", "deactivate", id, "--yes", "--api-base-url", sim.baseURL], environment: key)
            #expect(done.status == 0 && done.stdout.contains("\(id): inactive"), "\(done.stderr)")
            #expect(await sim.simulator.organization.apiKeyStatuses()[id] == "inactive")
            // And back: keys activate sets it active again through the same path.
            let again = try await cli.run(
                ["keys", "activate", id, "--yes", "--api-base-url", sim.baseURL], environment: key)
            #expect(again.status == 0 && again.stdout.contains("\(id): active (request-id: req_"), "\(again.stderr)")
            #expect(await sim.simulator.organization.apiKeyStatuses()[id] == "active")
        }
    }

    @Test func deactivatingInADryRunInstanceSendsNothingAndAStoredOneIsAudited() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim, mode: .dryRun)
            defer { fixture.directory.remove() }
            let listed = try await cli.run(["keys", "list", "--json", "--db", fixture.path])
            let id = try #require(
                try objects(listed.stdout).first { $0["name"] as? String == "ci-deploy" }?["id"] as? String)
            let writes = await sim.simulator.traffic.writeCount()
            let dry = try await cli.run(["keys", "deactivate", id, "--yes", "--db", fixture.path])
            #expect(dry.status == 0 && dry.stdout.contains("dry-run: \(id) would be set inactive"), "\(dry.stderr)")
            #expect(await sim.simulator.traffic.writeCount() == writes)
            #expect(await sim.simulator.organization.apiKeyStatuses()[id] == "active")
            let would = try #require(try fixture.database.auditEvents(instanceID: fixture.instance.id).first)
            #expect(would.action == "api_key.deactivate" && would.outcome == .dryRun)
            #expect(would.detail.hasPrefix("dry-run: would set \(id) (ci-deploy, sk-ant-api03-"), "\(would.detail)")

            let live = try await cli.run([
                "instances", "set-mode", fixture.instance.slug, "enforce", "--db", fixture.path,
            ])
            #expect(live.status == 0, "\(live.stderr)")
            let done = try await cli.run(["keys", "deactivate", id, "--yes", "--db", fixture.path])
            #expect(done.status == 0, "\(done.stderr)")
            let audit = try fixture.database.auditEvents(instanceID: fixture.instance.id)
            let row = try #require(audit.first { $0.action == "api_key.deactivate" && $0.outcome == .ok })
            #expect(row.detail.contains(id) && row.detail.contains("sk-ant-api03-") && !row.requestIDs.isEmpty)
            #expect(row.detail.hasSuffix(" inactive") && row.targetEmail == nil && row.actor.hasPrefix("cli:"))
        }
    }

    @Test func removeWithDeactivateKeysStopsTheirKeysFirstAndLeavesTheRestAlone() async throws {
        try await withSimulator { sim in
            let before = await sim.simulator.organization.apiKeyStatuses()
            let admin = try await cli.run(
                ["remove", SimulatorSeed.adminEmail, "--yes", "--deactivate-keys", "--api-base-url", sim.baseURL],
                environment: key)
            #expect(admin.status != 0 && admin.stderr.contains("admin"), "\(admin.stderr)")
            #expect(
                await sim.simulator.organization.apiKeyStatuses() == before,
                "a protected member's refusal touches no key")

            // What the operator saw is no longer Claude's (Jane is a user, not a developer): refused before any key.
            let jane = try #require(await sim.simulator.organization.member(email: "jane.smith@acme.example"))
            let stale = try await cli.run(
                [
                    "remove", "jane.smith@acme.example", "--yes", "--deactivate-keys", "--expect-member", jane.id,
                    "--expect-role", "developer", "--api-base-url", sim.baseURL,
                ], environment: key)
            #expect(stale.status != 0 && stale.stderr.contains("changed since you looked"), "\(stale.stderr)")
            #expect(await sim.simulator.organization.apiKeyStatuses() == before, "a stale view touches no key")

            let removed = try await cli.run(
                ["remove", "jane.smith@acme.example", "--yes", "--deactivate-keys", "--api-base-url", sim.baseURL],
                environment: key)
            #expect(removed.status == 0, "\(removed.stderr)")
            #expect(removed.stderr.contains("set 2 key(s) of jane.smith@acme.example inactive"))
            let after = await sim.simulator.organization.apiKeyStatuses()
            let changed = after.filter { before[$0.key] != $0.value }
            #expect(changed.count == 2 && changed.values.allSatisfy { $0 == "inactive" })
            #expect(await sim.simulator.organization.counts().members == 40)
        }
    }

    @Test func removeWithDeactivateKeysInDryRunSendsNothingAndAuditsWhatItWouldDo() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim, mode: .dryRun)
            defer { fixture.directory.remove() }
            let before = await sim.simulator.organization.apiKeyStatuses()
            let writes = await sim.simulator.traffic.writeCount()
            let removed = try await cli.run(
                ["remove", "jane.smith@acme.example", "--yes", "--deactivate-keys", "--db", fixture.path])
            #expect(removed.status == 0, "\(removed.stderr)")
            #expect(removed.stderr.contains("dry-run: would set 2 active key(s) of jane.smith@acme.example inactive"))
            #expect(await sim.simulator.traffic.writeCount() == writes)
            #expect(await sim.simulator.organization.apiKeyStatuses() == before)
            let rows = try fixture.database.auditEvents(instanceID: fixture.instance.id).filter {
                $0.action == "api_key.deactivate"
            }
            #expect(
                rows.count == 2
                    && rows.allSatisfy { $0.outcome == .dryRun && $0.targetEmail == "jane.smith@acme.example" })
            #expect(rows.contains { $0.detail.contains("would outlive the removal") })
        }
    }

    @Test func readinessWarnsOfActiveKeysWhoseCreatorLeftUntilTheyAreStopped() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            _ = try await fixture.refresher(client: sim.client()).run(actor: "cli:test")
            let before = try await cli.run(["readiness", "--json", "--db", fixture.path])
            let warnings = try #require(try objects(before.stdout).first?["warnings"] as? [String])
            #expect(
                warnings.contains {
                    $0.hasPrefix("1 active API key(s) were created by people") && $0.contains("old-pipeline")
                })
            let orphan = try await cli.run(["keys", "list", "--orphaned", "--json", "--db", fixture.path])
            let id = try #require(try objects(orphan.stdout).first?["id"] as? String)
            #expect(try await cli.run(["keys", "deactivate", id, "--yes", "--db", fixture.path]).status == 0)
            let after = try await cli.run(["readiness", "--json", "--db", fixture.path])
            #expect(!after.stdout.contains("were created by people who are no longer members"))
        }
    }

    /// With a store, `keys list` names each key's maker from the mirror, as the console's Keys view does.
    @Test func keysListNamesMakersFromTheMirror() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            _ = try await fixture.refresher(client: sim.client()).run(actor: "cli:test")
            let listed = try await cli.run(["keys", "list", "--db", fixture.path])
            #expect(listed.status == 0, "\(listed.stderr)")
            let lines = listed.stdout.split(separator: "\n")
            #expect(lines.contains { $0.contains("ci-deploy") && $0.contains("jane.smith@acme.example") })
            #expect(
                lines.contains { $0.contains("old-pipeline") && $0.contains("left · \(SimulatorSeed.departedUserID)") })
            #expect(lines.contains { $0.contains("billing-export") && $0.contains("service account") })
            let json = try objects(try await cli.run(["keys", "list", "--json", "--db", fixture.path]).stdout)
            let ci = try #require(json.first { $0["name"] as? String == "ci-deploy" })
            #expect(
                ci["created_by_email"] as? String == "jane.smith@acme.example"
                    && ci["creator_is_member"] as? Bool == true)
            let legacy = try #require(json.first { $0["name"] as? String == "legacy-import" })
            #expect((legacy["creator_is_member"] ?? NSNull()) is NSNull, "no recorded creator: not a yes or no")
        }
    }
}
