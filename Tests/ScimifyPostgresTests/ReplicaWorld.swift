import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyPostgres
import ScimifyRuntime
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// Two `scimify serve` child processes on one PostgreSQL database with the simulator behind them, as an
/// operator runs replicas behind a load balancer. The test process holds its own store on the same database
/// to set things up and to check the one truth at the end.
struct ReplicaWorld: Sendable {
    let sim: RunningSimulator
    let store: PostgresStore
    let instance: Instance
    let scimToken: String
    /// The URL the children get (`--database-url`; the test cluster needs no password).
    let databaseURL: String
    let masterKey: String

    static let patchOp = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":"#
    static let roleExtension = "urn:ietf:params:scim:schemas:extension:custom:2.0:User"
    static let deleteInviteRoute = "DELETE /v1/organizations/invites/{id}"
    static let createInviteRoute = "POST /v1/organizations/invites"

    /// A fresh database and simulator, one instance added and refreshed through the test's own store.
    static func run(
        simulator: AdminAPISimulator.Configuration = .init(), _ body: @Sendable (ReplicaWorld) async throws -> Void
    ) async throws {
        let masterKey = ThrowawayPostgresDatabase.newMasterKey()
        try await PostgresTestDatabase.with { location in
            try await withSimulator(simulator) { sim in
                try await withPostgresTestPool(location) { postgres in
                    let store = try PostgresStore(
                        pool: postgres, environment: ["SCIMIFY_MASTER_KEY": masterKey])
                    let created = try await sim.adminKey.withSecret {
                        try await store.addInstance(
                            name: "Acme", slug: nil, apiBaseURL: sim.baseURL, apiKey: $0, mode: .enforce, now: Date())
                    }
                    let runtime = try InstanceRuntime(store: store, instance: created.instance, client: sim.client())
                    _ = try await runtime.refresher.run(actor: "cli:test")
                    try await body(
                        ReplicaWorld(
                            sim: sim, store: store, instance: created.instance, scimToken: created.scimToken,
                            databaseURL: location.description, masterKey: masterKey))
                }
            }
        }
    }

    /// A `scimify serve` replica on the shared database; `arguments` are added to its command line.
    func launchReplica(_ arguments: [String] = []) async throws -> (child: LaunchedChild, scim: RunningSCIMServer) {
        let child = try LaunchedChild(
            ["serve", "--database-url", databaseURL, "--port", "0", "--intent-retry-interval", "0.5"] + arguments,
            environment: ["SCIMIFY_MASTER_KEY": masterKey, "SCIMIFY_DATABASE_URL": ""])
        let printed = try await child.waitForOutput(containing: "\(instance.slug) (enforce)")
        let port = try #require(
            printed.split(separator: "\n").first { $0.contains("listening on http://") }
                .flatMap { $0.split(separator: ":").last }.flatMap { Int($0) })
        return (child, RunningSCIMServer(port: port, slug: instance.slug, scimToken: scimToken))
    }

    /// Runs a `scimify` command on the shared database and waits.
    func cli(_ arguments: [String]) async throws -> ScimifyProcess.Result {
        try await ScimifyProcess().run(
            arguments + ["--database-url", databaseURL], environment: ["SCIMIFY_MASTER_KEY": masterKey])
    }

    /// Creates a user through `scim` and returns its id.
    func create(_ email: String, role: String, through scim: RunningSCIMServer) async throws -> String {
        let created = try await scim.call(
            "POST", "/Users", body: #"{"userName":"\#(email)","active":true,"claude_role":"\#(role)"}"#)
        #expect(created.status == 201, "\(created.text)")
        return try #require(created.json["id"] as? String)
    }

    /// PATCHes `claude_role` through `scim`.
    func setRole(_ id: String, _ role: String, through scim: RunningSCIMServer, requestID: String = "")
        async throws -> RunningSCIMServer.Reply
    {
        try await scim.call(
            "PATCH", "/Users/\(id)",
            body: Self.patchOp + #"[{"op":"replace","path":"\#(Self.roleExtension):claude_role","value":"\#(role)"}]}"#,
            headers: ["x-request-id": requestID])
    }

    /// The pending invites Claude has for `email`.
    func pending(_ email: String) async -> [(id: String, role: String)] {
        await sim.simulator.organization.pendingInvites(email: email)
    }

    /// The audit rows of the instance about `email`, newest first.
    func audit(_ email: String) async throws -> [AuditEvent] {
        try await store.auditEvents(instanceID: instance.id, since: nil, batchID: nil, limit: 100_000).filter {
            $0.targetEmail == email
        }
    }

    /// Waits until the simulator has seen `route` arrive.
    func waitForArrival(_ route: String) async throws {
        for _ in 0..<1_000 {
            if await sim.simulator.traffic.requestCounts()["\(route) arrived", default: 0] > 0 { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("no replica sent \(route)")
    }

    /// Polls `condition` for up to `seconds`.
    func waitUntil(_ what: String, seconds: Double = 20, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        Issue.record("timed out waiting until \(what)")
    }

    /// The one-truth check over the shared store, through `scim`.
    func expectConsistent(through scim: RunningSCIMServer) async throws {
        let problems = try await ConsistencyCheck.verify(store: store, instanceID: instance.id, sim, scim: scim)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }
}
