import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// A simulator, a store with one instance (`acme`) refreshed once, a SCIM server over that store and the
/// CLI on the same file: every path of the product on one database, as in production.
struct OneTruthWorld: Sendable {
    let sim: RunningSimulator
    let fixture: StoreFixture
    let scim: RunningSCIMServer
    let cli = ScimifyProcess()
    static let patchOp = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":"#
    static let roleExtension = "urn:ietf:params:scim:schemas:extension:custom:2.0:User"

    static func run(mode: Instance.Mode = .enforce, _ body: @Sendable (OneTruthWorld) async throws -> Void) async throws
    {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim, mode: mode)
            defer { fixture.directory.remove() }
            try await withSCIMServer(fixture) { scim in
                let world = OneTruthWorld(sim: sim, fixture: fixture, scim: scim)
                let refreshed = try await world.run("refresh")
                #expect(refreshed.status == 0, "\(refreshed.stderr)")
                try await body(world)
            }
        }
    }

    /// Runs the CLI on this store (`--db`; the instance is the only one) as the operator `ops`.
    func run(_ arguments: String..., environment: [String: String] = ["USER": "ops"]) async throws
        -> ScimifyProcess.Result
    {
        try await run(arguments, environment: environment)
    }

    func run(_ arguments: [String], environment: [String: String] = ["USER": "ops"]) async throws
        -> ScimifyProcess.Result
    {
        try await cli.run(arguments + ["--db", fixture.path], environment: environment)
    }

    /// Creates a SCIM user and returns its id.
    func scimCreate(_ email: String, role: String) async throws -> String {
        let created = try await scim.call(
            "POST", "/Users", body: #"{"userName":"\#(email)","active":true,"claude_role":"\#(role)"}"#)
        #expect(created.status == 201, "\(created.text)")
        return try #require(created.json["id"] as? String)
    }

    /// Creates a SCIM user whose invite the person then accepts in Claude, refreshed into the mirror as a member.
    func scimCreateMember(_ email: String, role: String) async throws -> String {
        let id = try await scimCreate(email, role: role)
        let invite = try #require(await pending(email).first)
        _ = try await sim.simulator.organization.acceptInvite(id: invite.id)
        let refreshed = try await run("refresh")
        #expect(refreshed.status == 0, "\(refreshed.stderr)")
        return id
    }

    /// PATCHes `claude_role`.
    func scimSetRole(_ id: String, _ role: String) async throws -> RunningSCIMServer.Reply {
        try await scim.call(
            "PATCH", "/Users/\(id)",
            body: Self.patchOp + #"[{"op":"replace","path":"\#(Self.roleExtension):claude_role","value":"\#(role)"}]}"#)
    }

    /// The role SCIM GET renders.
    func scimRole(_ id: String) async throws -> String? {
        let reply = try await scim.call("GET", "/Users/\(id)")
        return (reply.json[Self.roleExtension] as? [String: Any])?["claude_role"] as? String
    }

    func pending(_ email: String) async -> [(id: String, role: String)] {
        await sim.simulator.organization.pendingInvites(email: email)
    }

    func audit(_ email: String? = nil) throws -> [AuditEvent] {
        try fixture.database.auditEvents(instanceID: fixture.instance.id).filter {
            email == nil || $0.targetEmail == email
        }
    }

    /// Claude, the mirror, the SCIM records (and SCIM GET) and the audit log agree.
    func expectConsistent(sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let problems = try await ConsistencyCheck.verify(fixture, sim, scim: scim)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))", sourceLocation: sourceLocation)
    }

    /// Waits until the simulator has seen `route` arrive (a held request), for kill -9 tests.
    func waitForArrival(_ route: String) async throws {
        for _ in 0..<500 {
            if await sim.simulator.traffic.requestCounts()["\(route) arrived", default: 0] > 0 { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the child never sent \(route)")
    }

    static let deleteInviteRoute = "DELETE /v1/organizations/invites/{id}"
    static let createInviteRoute = "POST /v1/organizations/invites"

    /// `scimify set-role EMAIL ROLE` killed with SIGKILL right after Claude cancelled the pending invite and
    /// before the new one was asked for: the intent is left open.
    func setRoleKilledAfterTheCancel(_ email: String, _ role: String) async throws {
        await sim.simulator.traffic.setHolds([.init(route: Self.deleteInviteRoute, moment: .after, milliseconds: 2500)])
        let child = try cli.launch(["set-role", email, role, "--db", fixture.path])
        try await waitForArrival(Self.deleteInviteRoute)
        try await Task.sleep(for: .milliseconds(200))
        child.kill()
        _ = await child.wait()
        await sim.simulator.traffic.setHolds([])
        try await Task.sleep(for: .milliseconds(2500))  // the held DELETE has been applied by now
        #expect(await pending(email).isEmpty, "the gap a crash leaves")
        #expect(try fixture.database.openIntentCounts().values.reduce(0, +) == 1)
    }
}
