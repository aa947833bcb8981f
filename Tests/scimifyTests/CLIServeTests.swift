import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// `scimify serve` as a process: SIGTERM lets a request in flight finish before the server stops.
@Suite(.timeLimit(.minutes(3))) struct CLIServeTests {
    @Test func sigtermFinishesTheRequestInFlight() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            let child = try LaunchedChild(["serve", "--db", fixture.path, "--port", "0"])
            let text = try await child.waitForOutput(containing: "acme (enforce)")
            let port = try #require(
                text.split(separator: ":").compactMap { Int($0.prefix { $0.isNumber }) }.last { $0 > 0 })
            let server = RunningSCIMServer(port: port, fixture: fixture)
            // The upstream invite takes 1.5 s; SIGTERM arrives while the SCIM request waits for it.
            await sim.simulator.traffic.setHolds([
                .init(route: "POST /v1/organizations/invites", moment: .after, milliseconds: 1500)
            ])
            async let created = server.call("POST", "/Users", body: #"{"userName":"inflight@acme.example"}"#)
            for _ in 0..<200
            where await sim.simulator.traffic.requestCounts()["POST /v1/organizations/invites arrived"] == nil {
                try await Task.sleep(for: .milliseconds(10))
            }
            child.send(SIGTERM)
            let reply = try await created
            #expect(reply.status == 201, "\(reply.text)")
            let status = await child.exitStatus()
            #expect(status == 0)
            #expect(
                try fixture.database.record(instanceID: fixture.instance.id, userName: "inflight@acme.example") != nil)
        }
    }
}

/// `scimify serve`'s log: one structured line per change the IdP is told did not happen and per retry,
/// each naming the instance, the IdP's and Anthropic's request-ids and the outcome; never a secret.
@Suite(.timeLimit(.minutes(3))) struct ServeLogTests {
    @Test func unavailableRetriedAndRefusedChangesAreLoggedWithBothRequestIDs() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            // Refreshed first, so serve's first refresh of an instance without a mirror logs nothing here.
            _ = try await fixture.refresher(client: sim.client()).run(actor: "cli:test")
            let (child, port) = try await LaunchedChild.serve(path: fixture.path, environment: [:])
            let server = RunningSCIMServer(port: port, fixture: fixture)
            await sim.simulator.traffic.setFaults(.init(error500: 1))
            let failed = try await server.call(
                "POST", "/Users", body: #"{"userName":"down@acme.example"}"#, headers: ["x-request-id": "okta-down-1"])
            #expect(failed.status == 503)
            let unavailable = try await child.waitForOutput(containing: "scim change not made")
            let line = try #require(unavailable.split(separator: "\n").first { $0.contains("scim change not made") })
            for part in [
                "instance=acme", "idp_request_id=okta-down-1", "outcome=unavailable", "status=503", "request_id=req_",
            ] {
                #expect(line.contains(part), "\(part) missing: \(line)")
            }
            let retry = try #require(child.output.split(separator: "\n").first { $0.contains("admin api retry") })
            #expect(
                retry.contains("instance=acme") && retry.contains("idp_request_id=okta-down-1")
                    && retry.contains("request_id=req_"), "\(retry)")

            await sim.simulator.traffic.setFaults(.init())
            let refused = try await server.call(
                "POST", "/Users", body: #"{"userName":"boss@acme.example","claude_role":"admin"}"#,
                headers: ["x-request-id": "okta-admin-2"])
            #expect(refused.status == 400)
            let output = try await child.waitForOutput(containing: "okta-admin-2")
            let refusal = try #require(output.split(separator: "\n").first { $0.contains("okta-admin-2") })
            #expect(
                refusal.contains("outcome=refused") && refusal.contains("instance=acme")
                    && refusal.contains("status=400"), "\(refusal)")
            #expect(
                !output.contains(fixture.scimToken) && !output.contains(AdminAPISimulator.Configuration.defaultAdminKey)
            )
            child.send(SIGTERM)
            _ = await child.exitStatus()
        }
    }
}
