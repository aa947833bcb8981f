import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifyPostgres
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// A replica killed (-9) at a random point of a cancel-and-reinvite, run after run against one survivor: every
/// run ends with exactly one invite, and Claude, the survivor's SCIM GET and the mirror say the same role.
@Suite(
    .enabled(if: PostgresTestDatabase.isAvailable, "SCIMIFY_TEST_DATABASE_URL is not set"), .serialized,
    .timeLimit(.minutes(12)))
struct ReplicaKillTests {
    static let runs = 50
    /// The cancel's and the re-invite's answers are held this long, so a random kill lands before, inside and
    /// after each step (and after the record) rather than always after the whole change.
    static let stepHoldMilliseconds = 250

    @Test func aReplicaKilledAtRandomPointsOfAReinviteLeavesOneTruthEveryRun() async throws {
        var random = SeededGenerator(seed: 20_261_204)
        let killDelays = (0..<Self.runs).map { _ in Int(random.next() % UInt64(3 * Self.stepHoldMilliseconds)) }
        try await ReplicaWorld.run { world in
            let (survivor, scimB) = try await world.launchReplica()
            defer { survivor.send(SIGKILL) }
            var endings: [String: Int] = [:]
            for run in 0..<Self.runs {
                let email = "switch\(run)@acme.example"
                let id = try await world.create(email, role: "user", through: scimB)
                let (victim, scimA) = try await world.launchReplica()
                await world.sim.simulator.traffic.setHolds([
                    .init(
                        route: ReplicaWorld.deleteInviteRoute, moment: .after, milliseconds: Self.stepHoldMilliseconds),
                    .init(
                        route: ReplicaWorld.createInviteRoute, moment: .after, milliseconds: Self.stepHoldMilliseconds),
                ])
                let killAfter = killDelays[run]
                await world.sim.simulator.traffic.resetCounts()  // so the arrival below is this change's probe
                let patch = Task { try? await world.setRole(id, "developer", through: scimA) }
                try await world.waitForArrival(ReplicaWorld.createInviteRoute)  // the change began
                try await Task.sleep(for: .milliseconds(killAfter))
                victim.send(SIGKILL)
                _ = await victim.exitStatus()
                let answered = await patch.value
                await world.sim.simulator.traffic.setHolds([])

                try await world.waitUntil("run \(run): the survivor finished what was begun", seconds: 30) {
                    try await world.store.openIntentCounts()[world.instance.id] ?? 0 == 0
                }
                let claude = await world.pending(email).map(\.role)
                #expect(claude.count == 1, "run \(run) (kill after \(killAfter) ms): Claude holds \(claude)")
                let got = try await scimB.call("GET", "/Users/\(id)")
                let extensionValues = got.json[ReplicaWorld.roleExtension] as? [String: Any]
                let scimRole = extensionValues?["claude_role"] as? String
                let mirrored = try await world.store.claudeState(
                    instanceID: world.instance.id, email: email, now: Date())
                let said =
                    "Claude \(claude), SCIM GET \(scimRole ?? "none"), mirror \(mirrored?.role.rawValue ?? "none")"
                #expect(
                    claude == [scimRole ?? "none"] && mirrored?.role.rawValue == scimRole,
                    "run \(run) (kill after \(killAfter) ms): \(said)")
                if answered?.status == 200 {
                    #expect(scimRole == "developer", "run \(run): a 200 for a change that was not made")
                }
                endings[scimRole ?? "none", default: 0] += 1
            }
            // Whichever ending a run has (the kill lands inside the change or after it), it is one truth.
            #expect(endings.keys.allSatisfy { ["user", "developer"].contains($0) }, "\(endings)")
            // Every write Claude applied is audited: by request-id, or (its answer died with the replica) by the
            // survivor's resume naming it as applied by an earlier attempt. No write is excused.
            try await world.expectConsistent(through: scimB)
            let coverage = try await ConsistencyCheck.auditCoverage(
                store: world.store, instanceID: world.instance.id, world.sim)
            print(
                "serve kill -9 suite: \(Self.runs) runs, endings \(endings), \(coverage.applied) applied writes: "
                    + "\(coverage.byRequestID) audited by request-id, \(coverage.asEarlierAttempt) as an earlier "
                    + "attempt, \(coverage.missing.count) missing")
        }
    }
}
