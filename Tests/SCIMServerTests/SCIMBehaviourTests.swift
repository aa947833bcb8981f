import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// Entra shapes, claude_role forms, lifecycle on the simulator, errors and discovery, over HTTP.
@Suite(.timeLimit(.minutes(5))) struct SCIMBehaviourTests {
    static let patchOp = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":"#

    private func scim<T: Sendable>(
        _ configuration: AdminAPISimulator.Configuration = .init(), mode: Instance.Mode = .enforce,
        _ body: @Sendable (RunningSimulator, RunningSCIMServer) async throws -> T
    ) async throws -> T {
        try await withSimulator(configuration) { sim in
            let fixture = try StoreFixture(simulator: sim, mode: mode)
            defer { fixture.directory.remove() }
            return try await withSCIMServer(fixture) { server in try await body(sim, server) }
        }
    }

    @Test(arguments: [
        #""claude_role":"developer""#,
        #""urn:ietf:params:scim:schemas:extension:custom:2.0:User:claude_role":"developer""#,
        #""urn:ietf:params:scim:schemas:extension:custom:2.0:User":{"claude_role":"developer"}"#,
    ])
    func claudeRoleFormsOnPost(_ role: String) async throws {
        try await scim { sim, server in
            let created = try await server.call("POST", "/Users", body: #"{"userName":"r@acme.example",\#(role)}"#)
            #expect(created.status == 201, "\(created.text)")
            #expect(
                (created.json["urn:ietf:params:scim:schemas:extension:custom:2.0:User"] as? [String: Any])?[
                    "claude_role"] as? String == "developer")
            #expect(
                await sim.simulator.organization.pendingInvites(email: "r@acme.example").map(\.role) == ["developer"])
        }
    }

    @Test func roleChangeOnPendingInviteViaPatchAndPutAndOnAMember() async throws {
        try await scim { sim, server in
            let created = try await server.call(
                "POST", "/Users",
                body:
                    #"{"userName":"p@acme.example","emails":[{"value":"p@acme.example","type":"work","primary":true}]}"#
            )
            let id = try #require(created.json["id"] as? String)
            let patched = try await server.call(
                "PATCH", "/Users/\(id)",
                body: Self.patchOp
                    + #"[{"op":"Replace","path":"urn:ietf:params:scim:schemas:extension:custom:2.0:User:claude_role","value":"billing"}]}"#
            )
            #expect(patched.status == 200)
            #expect(await sim.simulator.organization.pendingInvites(email: "p@acme.example").map(\.role) == ["billing"])
            var object = patched.json
            object["urn:ietf:params:scim:schemas:extension:custom:2.0:User"] = ["claude_role": "claude_code_user"]
            let put = try await server.call(
                "PUT", "/Users/\(id)",
                body: String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
            #expect(put.status == 200)
            #expect(
                await sim.simulator.organization.pendingInvites(email: "p@acme.example").map(\.role) == [
                    "claude_code_user"
                ])
            // An existing member linked through SCIM: the role goes through the update API.
            let member = try await server.call("POST", "/Users", body: #"{"userName":"jane.smith@acme.example"}"#)
            let memberID = try #require(member.json["id"] as? String)
            _ = try await server.call(
                "PATCH", "/Users/\(memberID)",
                body: Self.patchOp + #"[{"op":"replace","path":"claude_role","value":"developer"}]}"#)
            #expect(await sim.simulator.organization.member(email: "jane.smith@acme.example")?.role == "developer")
            // A no-op PATCH makes no upstream call.
            let writes = await sim.simulator.traffic.writeCount()
            _ = try await server.call(
                "PATCH", "/Users/\(memberID)",
                body: Self.patchOp + #"[{"op":"replace","path":"claude_role","value":"developer"}]}"#)
            #expect(await sim.simulator.traffic.writeCount() == writes)
        }
    }

    @Test func entraShapes() async throws {
        try await scim { sim, server in
            let created = try await server.call(
                "POST", "/Users",
                body: #"""
                    {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
                     "externalId":"jyoung","userName":"Jay.Young@acme.example","active":true,"meta":{"resourceType":"User"},"roles":[],
                     "displayName":"Jay","title":null,"emails":[{"primary":true,"type":"work","value":"Jay.Young@acme.example"}],
                     "name":{"formatted":"Jay Young","familyName":"Young","givenName":"Jay"},
                     "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"1"}}
                    """#)
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            let byEmail = try await server.call(
                "GET", "/Users?filter=" + #"emails[type eq "work"].value eq "jay.young@acme.example""#.urlQueryEncoded)
            #expect(byEmail.json["totalResults"] as? Int == 1)
            let byExternal = try await server.call(
                "GET",
                "/Users?filter=" + #"externalId eq "jyoung" and userName eq "JAY.YOUNG@acme.example""#.urlQueryEncoded)
            #expect(byExternal.json["totalResults"] as? Int == 1)
            let multi = try await server.call(
                "PATCH", "/Users/\(id)",
                body: Self.patchOp + #"""
                    [{"op":"Replace","path":"name.givenName","value":"Jayden"},
                     {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department","value":"Ops"},
                     {"op":"Replace","path":"displayName","value":"Jayden Y"}]}
                    """#)
            #expect(multi.status == 200)
            #expect((multi.json["name"] as? [String: Any])?["givenName"] as? String == "Jayden")
            let disabled = try await server.call(
                "PATCH", "/Users/\(id)", body: Self.patchOp + #"[{"op":"Replace","path":"active","value":"False"}]}"#)
            #expect(disabled.json["active"] as? Bool == false)
            #expect(await sim.simulator.organization.pendingInvites(email: "jay.young@acme.example").isEmpty)
            let enabled = try await server.call(
                "PATCH", "/Users/\(id)", body: Self.patchOp + #"[{"op":"Replace","path":"active","value":"True"}]}"#)
            #expect(enabled.json["active"] as? Bool == true)
            #expect(await sim.simulator.organization.pendingInvites(email: "jay.young@acme.example").count == 1)
            let deleted = try await server.call("DELETE", "/Users/\(id)")
            #expect(deleted.status == 204 && deleted.text.isEmpty)
            #expect(try await server.call("GET", "/Users/\(id)").status == 404)
            #expect(try await server.call("DELETE", "/Users/\(id)").status == 404)
            #expect(await sim.simulator.organization.pendingInvites(email: "jay.young@acme.example").isEmpty)
        }
    }

    @Test func refusalsAreInvalidValueWithTheirReasons() async throws {
        try await scim { sim, server in
            let admin = try await server.call(
                "POST", "/Users", body: #"{"userName":"a@acme.example","claude_role":"admin"}"#)
            #expect(admin.status == 400 && admin.json["scimType"] as? String == "invalidValue")
            #expect(
                admin.json["detail"] as? String
                    == "admin cannot be assigned through Scimify; create admins directly in Claude")
            let unknown = try await server.call(
                "POST", "/Users", body: #"{"userName":"a@acme.example","claude_role":"owner"}"#)
            #expect((unknown.json["detail"] as? String)?.contains("user, developer, billing, claude_code_user") == true)
            let protected = try await server.call(
                "POST", "/Users", body: #"{"userName":"avery.admin@acme.example","claude_role":"user"}"#)
            #expect(protected.status == 400)
            #expect((protected.json["detail"] as? String)?.contains("does not change") == true)
            #expect(await sim.simulator.organization.member(email: "avery.admin@acme.example")?.role == "admin")
            #expect(await sim.simulator.organization.counts().invites == 12)  // nothing was invited
        }
    }

    @Test func jitRefusalIsExplained() async throws {
        try await scim(.init(mode: .jit)) { _, server in
            let refused = try await server.call("POST", "/Users", body: #"{"userName":"n@acme.example"}"#)
            #expect(refused.status == 400)
            #expect((refused.json["detail"] as? String)?.contains("Invite only") == true)
            #expect(
                try await server.call("GET", "/Users?filter=" + #"userName eq "n@acme.example""#.urlQueryEncoded).json[
                    "totalResults"] as? Int == 0)
        }
    }

    /// A JIT organization refuses invites, but an IdP create for someone who is already a member links them and
    /// applies the IdP's role (the seed's Option B), as an invite-only organization does.
    @Test func jitCreateForAnExistingMemberLinksItAndAppliesTheRole() async throws {
        try await withSimulator(.init(mode: .jit)) { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            _ = try await fixture.refresher(client: sim.client()).run(actor: "cli:test")
            // Two people joined through SSO since the refresh, so no record of theirs exists yet.
            let email = "sso.joiner@acme.example"
            let organization = sim.simulator.organization
            _ = await organization.addMember(email: email, name: "Sso Joiner", role: "user")
            _ = await organization.addMember(email: "sso.second@acme.example", name: "Sso Second", role: "user")
            try await withSCIMServer(fixture) { server in
                let created = try await server.call(
                    "POST", "/Users", body: #"{"userName":"\#(email)","claude_role":"developer"}"#)
                #expect(created.status == 201 || created.status == 200, "\(created.text)")
                let shown = created.json["urn:ietf:params:scim:schemas:extension:custom:2.0:User"] as? [String: Any]
                #expect(shown?["claude_role"] as? String == "developer")
                #expect(await sim.simulator.organization.member(email: email)?.role == "developer")
                let plain = try await server.call("POST", "/Users", body: #"{"userName":"sso.second@acme.example"}"#)
                #expect(plain.status == 201 || plain.status == 200, "\(plain.text)")
                let kept = plain.json["urn:ietf:params:scim:schemas:extension:custom:2.0:User"] as? [String: Any]
                #expect(kept?["claude_role"] as? String == "user", "a create with no role shows the member's role")
                let audit = try fixture.database.auditEvents(instanceID: fixture.instance.id)
                #expect(audit.filter { $0.targetEmail != nil }.allSatisfy { $0.outcome == .ok }, "\(audit)")
                let problems = try await ConsistencyCheck.verify(fixture, sim, scim: server)
                #expect(problems.isEmpty, "\(problems)")
            }
        }
    }

    @Test func upstreamOutageIs503AndThrottlingIs429WithRetryAfterAndNothingIsStored() async throws {
        try await scim { sim, server in
            await sim.simulator.traffic.setFaults(.init(error500: 1))
            let outage = try await server.call("POST", "/Users", body: #"{"userName":"o@acme.example"}"#)
            #expect(outage.status == 503)
            #expect(Int(outage.headers["retry-after"] ?? "") ?? 0 >= 1)
            #expect(outage.json["schemas"] != nil)
            await sim.simulator.traffic.setFaults(.init())
            await sim.simulator.traffic.setLimits(.init(requestsPerWindow: 1, windowSeconds: 3600))
            _ = try? await sim.client().organization()
            let throttled = try await server.call("POST", "/Users", body: #"{"userName":"t@acme.example"}"#)
            #expect(throttled.status == 429 || throttled.status == 503, "\(throttled.text)")
            #expect(throttled.headers["retry-after"] != nil)
            let listed = try await server.call("GET", "/Users")
            #expect(listed.json["totalResults"] as? Int == 0)  // no 2xx and no record for a change not made
        }
    }

    @Test func protocolErrorsAreSCIMBodies() async throws {
        try await scim { _, server in
            let malformed = try await server.call("POST", "/Users", body: "{not json")
            #expect(malformed.status == 400 && malformed.json["scimType"] as? String == "invalidSyntax")
            let big = try await server.call(
                "POST", "/Users", body: "{\"userName\":\"" + String(repeating: "x", count: 1_100_000) + "\"}")
            #expect(big.status == 413 && big.headers["content-type"]?.hasPrefix("application/scim+json") == true)
            let badFilter = try await server.call("GET", "/Users?filter=" + "userName zz 1".urlQueryEncoded)
            #expect(badFilter.status == 400 && badFilter.json["scimType"] as? String == "invalidFilter")
            let unknownRoute = try await server.call("GET", "/Nope")
            #expect(
                unknownRoute.status == 404
                    && unknownRoute.headers["content-type"]?.hasPrefix("application/scim+json") == true)
            let outside = try await server.call("GET", "http://127.0.0.1:\(server.port)/elsewhere")
            #expect(outside.status == 404 && outside.json["status"] as? String == "404")
            let wrongMethod = try await server.call("PUT", "/ServiceProviderConfig", body: "{}")
            #expect(wrongMethod.status == 405 && wrongMethod.json["status"] as? String == "405")
            #expect(wrongMethod.headers["allow"] == "GET")
            let deleteAll = try await server.call("DELETE", "/Users")
            #expect(deleteAll.status == 405 && deleteAll.headers["allow"] == "GET, POST")
            let bulk = try await server.call("POST", "/Bulk", body: "{}")
            #expect(bulk.status == 501)
            let otherToken = try await server.call("GET", "/Users", token: "Bearer scimify_notthetoken")
            #expect(otherToken.status == 401)
            let lowerCase = try await server.call("GET", "/users/")
            #expect(lowerCase.status == 200)
            #expect(try await server.call("POST", "/Users/.search", body: "{}").status == 501)
            let postOne = try await server.call("POST", "/Users/some-id", body: "{}")
            #expect(postOne.status == 405 && postOne.headers["allow"] == "GET, PUT, PATCH, DELETE")
            #expect(try await server.call("GET", "/Users/missing-id").status == 404)
            // Form-encoded queries (curl --data-urlencode): `+` is a space, `%2B` a plus.
            _ = try await server.call("POST", "/Users", body: #"{"userName":"a+b@acme.example"}"#)
            let formEncoded = try await server.call(
                "GET", "/Users?filter=userName+eq+%22a%2Bb%40acme.example%22&count=5")
            #expect(formEncoded.json["totalResults"] as? Int == 1, "\(formEncoded.text)")
            let badCount = try await server.call("GET", "/Users?count=abc")
            #expect(badCount.status == 400 && badCount.json["scimType"] as? String == "invalidValue")
        }
    }

    @Test func discoveryDocuments() async throws {
        try await scim { _, server in
            let config = try await server.call("GET", "/ServiceProviderConfig")
            #expect((config.json["patch"] as? [String: Any])?["supported"] as? Bool == true)
            let types = try await server.call("GET", "/ResourceTypes")
            #expect(types.json["totalResults"] as? Int == 1)
            let schemas = try await server.call("GET", "/Schemas")
            #expect(schemas.json["totalResults"] as? Int == 2)
            let ext = try await server.call("GET", "/Schemas/urn:ietf:params:scim:schemas:extension:custom:2.0:User")
            #expect(ext.json["name"] as? String == "ClaudeUser")
        }
    }

    @Test func parallelCreatesOfOneUserNameMakeOneInvite() async throws {
        try await scim { sim, server in
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        try await server.call("POST", "/Users", body: #"{"userName":"race@acme.example"}"#).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 201 }.count == 1, "\(statuses)")
            #expect(statuses.allSatisfy { $0 == 201 || $0 == 409 })
            #expect(await sim.simulator.organization.pendingInvites(email: "race@acme.example").count == 1)
        }
    }

    @Test func dryRunAnswersAsIfAppliedAndSendsNothing() async throws {
        try await scim(mode: .dryRun) { sim, server in
            let created = try await server.call(
                "POST", "/Users", body: #"{"userName":"dry@acme.example","claude_role":"developer"}"#)
            #expect(created.status == 201)
            #expect(await sim.simulator.traffic.writeCount() == 0)
            #expect(
                try await server.call("GET", "/Users?filter=" + #"userName eq "dry@acme.example""#.urlQueryEncoded)
                    .json["totalResults"] as? Int == 1)
            let audit = try server.fixture.database.auditEvents(instanceID: server.fixture.instance.id)
            #expect(audit.first?.outcome == .dryRun)
            #expect(audit.first?.detail.contains("POST /invites dry@acme.example role=developer") == true)
        }
    }

    @Test func healthAndMetricsRevealNoSecrets() async throws {
        try await scim { _, server in
            _ = try await server.call("GET", "/Users")
            _ = try await server.call("POST", "/Users", body: #"{"userName":"m@acme.example"}"#)
            let health = try await server.call("GET", "http://127.0.0.1:\(server.port)/healthz", token: "")
            #expect(health.status == 200)
            let metrics = try await server.call("GET", "http://127.0.0.1:\(server.port)/metrics", token: "")
            let samples = PrometheusSamples(metrics.text)
            #expect(
                samples.value(
                    "scimify_scim_requests_total",
                    ["route": "/instances/{slug}/scim/v2/Users", "method": "POST", "status": "201"]) == 1)
            #expect(
                samples.value(
                    "scimify_upstream_calls_total", ["instance": "acme", "endpoint": "POST /invites", "status": "200"])
                    == 1)
            #expect(samples.value("scimify_intents", ["instance": "acme", "state": "open"]) == 0)
            #expect(!metrics.text.contains(server.fixture.scimToken) && !metrics.text.contains("m@acme.example"))
        }
    }
}
