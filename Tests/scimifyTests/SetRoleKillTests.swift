import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// `scimify set-role` killed (-9) at a random point of a cancel-and-reinvite, run after run on one SQLite store
/// (issue 21, defect 4): every run ends with exactly one invite whose role SCIM GET and the mirror show, and
/// every write Claude applied is audited, by request-id or as found applied by an earlier attempt.
@Suite(.serialized, .timeLimit(.minutes(6))) struct SetRoleKillTests {
    static let runs = 50
    /// The cancel's and the new invite's answers are held this long, so a kill lands before, inside and after
    /// each step rather than always after the whole change.
    static let stepHoldMilliseconds = 200

    @Test func setRoleKilledAtRandomPointsLeavesOneTruthAndEveryWriteAudited() async throws {
        var random = SeededGenerator(seed: 20_261_205)
        let killDelays = (0..<Self.runs).map { _ in Int(random.next() % UInt64(3 * Self.stepHoldMilliseconds)) }
        try await OneTruthWorld.run { world in
            var endings: [String: Int] = [:]
            for run in 0..<Self.runs {
                let email = "killed\(run)@acme.example"
                let id = try await world.scimCreate(email, role: "user")
                await world.sim.simulator.traffic.setHolds([
                    .init(
                        route: OneTruthWorld.deleteInviteRoute, moment: .after,
                        milliseconds: Self.stepHoldMilliseconds),
                    .init(
                        route: OneTruthWorld.createInviteRoute, moment: .after,
                        milliseconds: Self.stepHoldMilliseconds),
                ])
                await world.sim.simulator.traffic.resetCounts()  // so the arrival below is this change's
                let child = try world.cli.launch(["set-role", email, "developer", "--db", world.fixture.path])
                try await world.waitForArrival(OneTruthWorld.createInviteRoute)  // the probe: the change began
                try await Task.sleep(for: .milliseconds(killDelays[run]))
                child.kill()
                _ = await child.wait()
                await world.sim.simulator.traffic.setHolds([])
                try await Task.sleep(for: .milliseconds(Self.stepHoldMilliseconds + 50))  // held answers are sent

                let resumed = try await world.run("invites", "list")  // any command finishes what was begun
                #expect(resumed.status == 0, "\(resumed.stderr)")
                #expect(try world.fixture.database.openIntentCounts().values.reduce(0, +) == 0, "run \(run)")
                let claude = await world.pending(email).map(\.role)
                let scimRole = try await world.scimRole(id)
                let mirrored = try world.fixture.database.claudeState(
                    instanceID: world.fixture.instance.id, email: email, now: Date())
                let said =
                    "run \(run) (kill after \(killDelays[run]) ms): Claude \(claude), SCIM GET \(scimRole ?? "none"), "
                    + "mirror \(mirrored?.role.rawValue ?? "none")"
                #expect(
                    claude.count == 1 && claude == [scimRole ?? "none"] && mirrored?.role.rawValue == scimRole,
                    "\(said)")
                endings[scimRole ?? "none", default: 0] += 1
            }
            #expect(endings.keys.allSatisfy { ["user", "developer"].contains($0) }, "\(endings)")
            try await world.expectConsistent()
            let coverage = try await ConsistencyCheck.auditCoverage(
                store: world.fixture.database, instanceID: world.fixture.instance.id, world.sim)
            print(
                "set-role kill -9 suite: \(Self.runs) runs, endings \(endings), \(coverage.applied) applied writes: "
                    + "\(coverage.byRequestID) audited by request-id, \(coverage.asEarlierAttempt) as an earlier "
                    + "attempt, \(coverage.missing.count) missing")
        }
    }
}
