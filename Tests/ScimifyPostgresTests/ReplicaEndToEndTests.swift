import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifyPostgres
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// Two `scimify serve` processes on one PostgreSQL database, the simulator behind them: what an operator gets
/// from running replicas behind a load balancer.
@Suite(
    .enabled(if: PostgresTestDatabase.isAvailable, "SCIMIFY_TEST_DATABASE_URL is not set"), .serialized,
    .timeLimit(.minutes(5)))
struct ReplicaEndToEndTests {
    @Test func conflictingPatchesSpreadOverBothReplicasEndInOneStateWithEveryRequestAudited() async throws {
        try await ReplicaWorld.run { world in
            let (a, scimA) = try await world.launchReplica(["--requests-per-minute", "6000"])
            defer { a.send(SIGKILL) }
            let (b, scimB) = try await world.launchReplica(["--requests-per-minute", "6000"])
            defer { b.send(SIGKILL) }
            let email = "conflict@acme.example"
            let id = try await world.create(email, role: "user", through: scimA)
            // A pending invite: every role change is a cancel and a re-invite, the two-step change that two
            // replicas must never interleave.
            let roles = ["developer", "billing", "claude_code_user", "user"]
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await world.setRole(
                            id, roles[index % 4], through: index.isMultiple(of: 2) ? scimA : scimB,
                            requestID: "okta-conflict-\(index)"
                        ).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == 200 }, "\(statuses)")
            let invites = await world.pending(email)
            #expect(invites.count == 1, "exactly one pending invite: \(invites)")
            for scim in [scimA, scimB] {
                let shown = try await scim.call("GET", "/Users/\(id)").json[ReplicaWorld.roleExtension]
                #expect((shown as? [String: Any])?["claude_role"] as? String == invites.first?.role)
            }
            let audited = Set(try await world.audit(email).compactMap(\.idpRequestID))
            for index in 0..<8 { #expect(audited.contains("okta-conflict-\(index)"), "request \(index) audited") }
            try await world.expectConsistent(through: scimB)
        }
    }

    @Test func aTokenRotatedThroughOneReplicaIsRefusedByTheOtherWithinTwoSeconds() async throws {
        try await ReplicaWorld.run { world in
            let (a, scimA) = try await world.launchReplica()
            defer { a.send(SIGKILL) }
            let (b, scimB) = try await world.launchReplica()
            defer { b.send(SIGKILL) }
            // Both replicas have the old token cached.
            #expect(try await scimA.call("GET", "/Users?count=1").status == 200)
            #expect(try await scimB.call("GET", "/Users?count=1").status == 200)
            let rotated = try await world.cli(["instances", "rotate-token", world.instance.slug])
            #expect(rotated.status == 0, "\(rotated.stderr)")
            let started = ContinuousClock.now
            let newToken = try #require(rotated.stdout.split(separator: " ").last.map { String($0.dropLast()) })
            #expect(newToken.hasPrefix("scimify_") && !rotated.stderr.contains(newToken))
            var refusedAfter: Duration?
            while ContinuousClock.now - started < .seconds(5) {
                if try await scimB.call("GET", "/Users?count=1").status == 401 {
                    refusedAfter = ContinuousClock.now - started
                    break
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            let after = try #require(refusedAfter, "the other replica still accepts the old token after 5 s")
            #expect(after < .seconds(2), "refused after \(after)")
            for scim in [scimA, scimB] {
                #expect(try await scim.call("GET", "/Users?count=1", token: "Bearer \(newToken)").status == 200)
                #expect(try await scim.call("GET", "/Users?count=1").status == 401)
            }
        }
    }

    @Test func aReplicaKilledInTheMiddleOfAReinviteIsFinishedByTheOtherOnce() async throws {
        try await ReplicaWorld.run { world in
            let (a, scimA) = try await world.launchReplica()
            defer { a.send(SIGKILL) }
            let (b, scimB) = try await world.launchReplica()
            defer { b.send(SIGKILL) }
            let email = "switch@acme.example"
            let id = try await world.create(email, role: "user", through: scimA)
            // Claude cancels the invite, and the answer is held while replica A is killed: the re-invite's
            // second step was never asked for.
            await world.sim.simulator.traffic.setHolds([
                .init(route: ReplicaWorld.deleteInviteRoute, moment: .after, milliseconds: 3_000)
            ])
            let patch = Task { try? await world.setRole(id, "developer", through: scimA) }
            try await world.waitForArrival(ReplicaWorld.deleteInviteRoute)
            try await Task.sleep(for: .milliseconds(200))
            a.send(SIGKILL)
            _ = await a.exitStatus()
            _ = await patch.value
            await world.sim.simulator.traffic.setHolds([])
            // Replica B finishes it on its own: one invite, with the role the IdP asked for.
            try await world.waitUntil("replica B finished the re-invite", seconds: 30) {
                let open = try await world.store.openIntentCounts()[world.instance.id] ?? 0
                let roles = await world.pending(email).map(\.role)
                return open == 0 && roles == ["developer"]
            }
            try await Task.sleep(for: .seconds(1))
            #expect(await world.pending(email).map(\.role) == ["developer"], "exactly one invite")
            #expect(
                await world.sim.simulator.traffic.requestCounts()["\(ReplicaWorld.createInviteRoute) 200"] == 2,
                "the first invite and one re-invite, never two")
            let resumed = try await world.audit(email).filter { $0.action == "intent.resume" }
            #expect(resumed.first?.outcome == .ok && resumed.first?.actor == "scim:acme", "\(resumed)")
            #expect(try await scimB.call("GET", "/Users/\(id)").text.contains("developer"))
            try await world.expectConsistent(through: scimB)
        }
    }

    @Test func twoReplicasTogetherStayUnderTheOrganizationsLimitThroughABurstOfCreates() async throws {
        try await ReplicaWorld.run { world in
            await world.sim.simulator.traffic.setLimits(.init(requestsPerWindow: 600, windowSeconds: 60))
            let options = ["--requests-per-minute", "590"]
            let (a, scimA) = try await world.launchReplica(options)
            defer { a.send(SIGKILL) }
            let (b, scimB) = try await world.launchReplica(options)
            defer { b.send(SIGKILL) }
            await world.sim.simulator.traffic.resetCounts()
            // The IdP sends 300 creates, ten at a time to each replica.
            let failures = try await withThrowingTaskGroup(of: [Int].self) { group in
                for (replica, scim) in [scimA, scimB].enumerated() {
                    for lane in 0..<10 {
                        group.addTask {
                            var failed: [Int] = []
                            for index in stride(from: lane, to: 150, by: 10) {
                                let email = "burst.\(replica).\(index)@acme.example"
                                let reply = try await scim.call(
                                    "POST", "/Users", body: #"{"userName":"\#(email)","active":true}"#)
                                if reply.status != 201 { failed.append(reply.status) }
                            }
                            return failed
                        }
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(failures.isEmpty, "\(failures.count) creates failed: \(Set(failures))")
            let counts = await world.sim.simulator.traffic.requestCounts()
            let throttled = counts.filter { $0.key.hasSuffix(" 429") }.values.reduce(0, +)
            #expect(throttled == 0, "429s: \(counts.filter { $0.key.hasSuffix(" 429") })")
            #expect(counts["\(ReplicaWorld.createInviteRoute) 200"] == 300)
            try await world.expectConsistent(through: scimA)
        }
    }
}

/// Settings read where they act on PostgreSQL (issue 21, defect 5): the replicas cache authentication for 30 s,
/// yet a SCIM change right after `instances set-mode NAME dry-run` on either replica sends nothing.
@Suite(
    .enabled(if: PostgresTestDatabase.isAvailable, "SCIMIFY_TEST_DATABASE_URL is not set"), .serialized,
    .timeLimit(.minutes(3)))
struct ReplicaSettingsTests {
    @Test func dryRunHoldsOnBothReplicasForTheVeryNextChange() async throws {
        try await ReplicaWorld.run { world in
            let (a, scimA) = try await world.launchReplica()
            defer { a.send(SIGKILL) }
            let (b, scimB) = try await world.launchReplica()
            defer { b.send(SIGKILL) }
            let email = "replica.settings@acme.example"
            let id = try await world.create(email, role: "user", through: scimA)
            for scim in [scimA, scimB] { #expect(try await scim.call("GET", "/Users/\(id)").status == 200) }
            let dryRun = try await world.cli(["instances", "set-mode", "acme", "dry-run"])
            #expect(dryRun.status == 0, "\(dryRun.stderr)")
            let applied = await world.sim.simulator.traffic.appliedWrites.count
            for (scim, role) in [(scimA, "developer"), (scimB, "billing")] {
                let reply = try await world.setRole(id, role, through: scim)
                #expect(reply.status == 200, "\(reply.text)")
            }
            #expect(await world.sim.simulator.traffic.appliedWrites.count == applied, "dry-run: no write, ever")
            #expect(await world.pending(email).map(\.role) == ["user"])
        }
    }
}
