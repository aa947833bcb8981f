import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// One truth from the first minute (issue 21, defect 1): `instances add` loads the mirror, so a SCIM create, a
/// CLI role change, `--cached` listings, SCIM GET and readiness agree before anyone runs `refresh`; an
/// instance that never had a mirror is NO-GO and `serve` loads its mirror first.
@Suite(.serialized, .timeLimit(.minutes(5))) struct FirstMinuteTests {
    let cli = ScimifyProcess()
    let key = AdminAPISimulator.Configuration.defaultAdminKey

    private func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func instancesAddLoadsTheMirrorSoEveryPathAgreesWithoutARefresh() async throws {
        try await withSimulator { sim in
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let path = dir.file("scimify.sqlite")
            let added = try await cli.run(
                ["instances", "add", "--name", "Acme", "--api-base-url", sim.baseURL, "--json", "--db", path],
                environment: ["ANTHROPIC_ADMIN_KEY": key, "USER": "ops"])
            #expect(added.status == 0, "\(added.stderr)")
            let instance = try json(added.stdout)
            #expect((instance["first_refresh"] as? [String: Any])?["members"] as? Int == 41, "\(added.stdout)")
            let token = try #require(instance["scim_token"] as? String)

            let (child, port) = try await LaunchedChild.serve(path: path)
            defer { child.send(SIGTERM) }
            let scim = RunningSCIMServer(port: port, slug: "acme", scimToken: token)
            let email = "first.day@acme.example"
            let created = try await scim.call(
                "POST", "/Users", body: #"{"userName":"\#(email)","active":true,"claude_role":"developer"}"#)
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            let changed = try await cli.run(["set-role", email, "billing", "--db", path], environment: ["USER": "ops"])
            #expect(changed.status == 0, "\(changed.stderr)")

            let extensionKey = OneTruthWorld.roleExtension
            let got = try await scim.call("GET", "/Users/\(id)")
            #expect((got.json[extensionKey] as? [String: Any])?["claude_role"] as? String == "billing", "\(got.text)")
            let cached = try await cli.run(["invites", "list", "--cached", "--db", path], environment: ["USER": "ops"])
            #expect(cached.status == 0, "\(cached.stderr)")
            #expect(cached.lines.contains { $0.contains(email) && $0.contains("billing") }, "\(cached.stdout)")
            // An existing member the IdP never gave a role shows the role Claude has.
            let filtered = try await scim.call(
                "GET",
                "/Users?filter=" + #"userName eq "jane.smith@acme.example""#.addingPercentEncoding(
                    withAllowedCharacters: .alphanumerics)!)
            let jane = try #require((filtered.json["Resources"] as? [[String: Any]])?.first, "\(filtered.text)")
            #expect((jane[extensionKey] as? [String: Any])?["claude_role"] as? String == "user", "\(jane)")
            let readiness = try await cli.run(["readiness", "--db", path], environment: ["USER": "ops"])
            #expect(readiness.lines.last == "GO", "\(readiness.stdout)")

            let store = try ScimifyDatabase(path: path, environment: [:])
            let acme = try #require(try store.instances().first)
            let problems = try await ConsistencyCheck.verify(store: store, instanceID: acme.id, sim, scim: scim)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    @Test func anInstanceWithoutAMirrorIsNoGoAndServeLoadsItFirst() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)  // stored directly: no first refresh
            defer { fixture.directory.remove() }
            let before = try await cli.run(["readiness", "--db", fixture.path], environment: ["USER": "ops"])
            #expect(before.status == 1)
            let verdict = try #require(before.lines.last)
            #expect(verdict.hasPrefix("NO-GO") && verdict.contains("never refreshed"), "\(verdict)")
            #expect(verdict.contains("scimify refresh"), "the verdict names the command")

            let (child, _) = try await LaunchedChild.serve(path: fixture.path, ["--intent-retry-interval", "1"])
            defer { child.send(SIGTERM) }
            _ = try await child.waitForOutput(containing: "first refresh: 41 members")
            #expect(try fixture.database.lastRefresh(instanceID: fixture.instance.id) != nil)
            let after = try await cli.run(["readiness", "--db", fixture.path], environment: ["USER": "ops"])
            #expect(after.lines.last == "GO", "\(after.stdout)")
            let problems = try await ConsistencyCheck.verify(fixture, sim)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    /// A console opened on an instance that never had a mirror (after two CLI invites) loads it before showing it.
    @Test func aConsoleOnAnInstanceWithoutAMirrorLoadsItFirst() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            for email in ["cli.one@acme.example", "cli.two@acme.example"] {
                let invited = try await cli.run(["invite", email, "--db", fixture.path], environment: ["USER": "ops"])
                #expect(invited.status == 0, "\(invited.stderr)")
            }
            let console = try await TmuxConsole(["console", "--db", fixture.path], environment: ["USER": "ops"])
            defer { Task { await console.stop() } }
            let screen = try await console.waitFor("Invites 11")
            #expect(screen.contains("Members 41") && !screen.contains("never refreshed"), "\(screen)")
            await console.stop()
            let problems = try await ConsistencyCheck.verify(fixture, sim)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }
}
