import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifyStore
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
            let port = try #require(text.split(separator: ":").compactMap { Int($0.prefix { $0.isNumber }) }.last { $0 > 0 })
            let server = RunningSCIMServer(port: port, fixture: fixture)
            // The upstream invite takes 1.5 s; SIGTERM arrives while the SCIM request waits for it.
            await sim.simulator.traffic.setHolds([.init(route: "POST /v1/organizations/invites", moment: .after, milliseconds: 1500)])
            async let created = server.call("POST", "/Users", body: #"{"userName":"inflight@acme.example"}"#)
            for _ in 0..<200 where await sim.simulator.traffic.requestCounts()["POST /v1/organizations/invites arrived"] == nil {
                try await Task.sleep(for: .milliseconds(10))
            }
            child.send(SIGTERM)
            let reply = try await created
            #expect(reply.status == 201, "\(reply.text)")
            let status = await child.exitStatus()
            #expect(status == 0)
            #expect(try fixture.database.record(instanceID: fixture.instance.id, userName: "inflight@acme.example") != nil)
        }
    }
}
