import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// The README's "Connect Okta" path, replayed as its commands against the simulator: `instances add` with the
/// Okta form fields (the first refresh inside it), readiness GO, `serve`, what Okta sends when provisioning is
/// saved, an assignment (filter, then the create with `claude_role` in the custom namespace), a role change by
/// PATCH, and the push visible in the console. Ends with the one-truth check.
@Suite(.serialized, .timeLimit(.minutes(5))) struct ConnectOktaPathTests {
    let cli = ScimifyProcess()
    static let publicBaseURL = "https://bridge.example.com"

    @Test func theReadmePathFromInstancesAddToAnOktaPushSeenInTheConsole() async throws {
        try await withSimulator { sim in
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let path = dir.file("scimify.sqlite")
            let environment = ["USER": "ops"]

            // 1. instances add --idp okta: the token once, the first refresh, the form's fields.
            let added = try await cli.run(
                [
                    "instances", "add", "--name", "Acme Prod", "--api-base-url", sim.baseURL, "--idp", "okta",
                    "--public-base-url", Self.publicBaseURL, "--db", path,
                ],
                environment: ["ANTHROPIC_ADMIN_KEY": AdminAPISimulator.Configuration.defaultAdminKey, "USER": "ops"])
            #expect(added.status == 0, "\(added.stderr)")
            let tokenLine = try #require(added.lines.first { $0.contains("SCIM token (shown once") }, "\(added.stdout)")
            let token = try #require(tokenLine.split(separator: " ").last.map(String.init))
            #expect(token.hasPrefix("scimify_"))
            #expect(added.stdout.contains("first refresh: 41 members"), "\(added.stdout)")
            for field in [
                "SCIM connector base URL: \(Self.publicBaseURL)/instances/acme-prod/scim/v2",
                "Unique identifier field for users: userName",
                "Authentication Mode: HTTP Header",
                "External name: claude_role",
                "External namespace: urn:ietf:params:scim:schemas:extension:custom:2.0:User",
                "Enum values: user, developer, billing, claude_code_user",
            ] {
                #expect(added.stdout.contains(field), "missing \(field): \(added.stdout)")
            }
            #expect(!added.stderr.contains(token), "the token is printed once, on stdout")

            // 2. readiness says GO before the first assignment.
            let readiness = try await cli.run(["readiness", "--db", path], environment: environment)
            #expect(readiness.status == 0 && readiness.lines.last == "GO", "\(readiness.stdout)")

            // 3. serve, and what Okta sends when provisioning is saved ("Test API Credentials").
            let (child, port) = try await LaunchedChild.serve(path: path, ["--public-base-url", Self.publicBaseURL])
            defer { child.send(SIGTERM) }
            let scim = RunningSCIMServer(port: port, slug: "acme-prod", scimToken: token)
            let probe = try await scim.call("GET", "/Users?startIndex=1&count=2")
            // The imported members and invites are listed, two to a page as asked.
            #expect(probe.status == 200 && (probe.json["Resources"] as? [Any])?.count == 2, "\(probe.text)")
            #expect(probe.json["totalResults"] as? Int ?? 0 >= 41, "\(probe.text.prefix(200))")
            let groups = try await scim.call("GET", "/Groups?startIndex=1&count=100")
            #expect(groups.status == 200 && groups.json["totalResults"] as? Int == 0, "\(groups.text)")

            // 4. An assignment: Okta filters by userName, finds nobody, creates with the role in the namespace.
            let email = "okta.hire@acme.example"
            let filter = #"userName eq "\#(email)""#.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let none = try await scim.call("GET", "/Users?filter=\(filter)&startIndex=1&count=100")
            #expect(none.status == 200 && none.json["totalResults"] as? Int == 0, "\(none.text)")
            let created = try await scim.call("POST", "/Users", body: Self.oktaCreate(email, role: "developer"))
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            #expect(
                (created.json["meta"] as? [String: Any])?["location"] as? String
                    == "\(Self.publicBaseURL)/instances/acme-prod/scim/v2/Users/\(id)", "\(created.text)")
            #expect(await sim.simulator.organization.pendingInvites(email: email).map(\.role) == ["developer"])

            // 5. The role changed in Okta: a PATCH of claude_role; the pending invite is cancelled and re-sent.
            let patched = try await scim.call(
                "PATCH", "/Users/\(id)",
                body: OneTruthWorld.patchOp
                    + #"[{"op":"replace","value":{"\#(OneTruthWorld.roleExtension)":{"claude_role":"billing"}}}]}"#)
            #expect(patched.status == 200, "\(patched.text)")
            #expect(
                (patched.json[OneTruthWorld.roleExtension] as? [String: Any])?["claude_role"] as? String == "billing")
            #expect(await sim.simulator.organization.pendingInvites(email: email).map(\.role) == ["billing"])

            // 6. The push in the console: the invite with its new role, and the audit row by the SCIM path.
            let console = try await TmuxConsole(["console", "--db", path], environment: environment)
            defer { Task { await console.stop() } }
            try await console.waitFor("Invites 10")
            try await console.send("2")
            let invites = try await console.waitFor(email)
            #expect(
                invites.split(separator: "\n").contains { $0.contains(email) && $0.contains("billing") }, "\(invites)")
            try await console.send("4")
            try await console.waitFor("scim:acme-prod")
            await console.stop()

            let store = try ScimifyDatabase(path: path, environment: [:])
            let instance = try #require(try store.instances().first)
            let problems = try await ConsistencyCheck.verify(store: store, instanceID: instance.id, sim, scim: scim)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }

    /// Okta's create body (spec §7) with `claude_role` in the custom namespace (spec §13, form 3), as the
    /// README's Profile Editor step sets it up.
    static func oktaCreate(_ email: String, role: String) -> String {
        let local = email.split(separator: "@").first.map(String.init) ?? email
        return """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","\(OneTruthWorld.roleExtension)"],\
            "userName":"\(email)","name":{"givenName":"Okta","familyName":"\(local)"},\
            "emails":[{"primary":true,"value":"\(email)","type":"work"}],"displayName":"Okta \(local)",\
            "locale":"en-US","externalId":"00u1okta\(local.count)","groups":[],"password":"1mz050nq","active":true,\
            "\(OneTruthWorld.roleExtension)":{"claude_role":"\(role)"}}
            """
    }
}
