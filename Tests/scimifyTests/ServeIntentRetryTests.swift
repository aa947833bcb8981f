import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// Defect 5: `scimify serve` retries an unfinished change until it is done, not once and silently.
@Suite(.serialized, .timeLimit(.minutes(5))) struct ServeIntentRetryTests {
    @Test func serveKeepsRetryingAnUnfinishedChangeUntilItIsDone() async throws {
        try await OneTruthWorld.run { world in
            let email = "new.hire1@acme.example"
            try await world.setRoleKilledAfterTheCancel(email, "developer")
            // Claude throttles everything for an hour: the first attempts of the server cannot finish it.
            await world.sim.simulator.traffic.setLimits(.init(requestsPerWindow: 1, windowSeconds: 3600))
            _ = try? await world.sim.client().organization()
            let serve = try LaunchedChild([
                "serve", "--db", world.fixture.path, "--port", "0", "--intent-retry-interval", "0.5",
            ])
            defer { serve.send(SIGKILL) }
            try await serve.waitForOutput(containing: "acme (enforce)")
            try await waitUntil("a failed attempt is audited") {
                try world.audit(email).contains { $0.action == "intent.resume" && $0.outcome == .failed }
            }
            #expect(await world.pending(email).isEmpty)
            #expect(try world.fixture.database.openIntentCounts().values.reduce(0, +) == 1)

            // Claude recovers: the server finishes the change on its own, without any request or command.
            await world.sim.simulator.traffic.setLimits(.init())
            // Done means done everywhere: Claude has the invite, the intent is closed, the outcome is recorded.
            try await waitUntil("the re-invite is finished and recorded") {
                let invited = await world.pending(email).map(\.role) == ["developer"]
                let closed = try world.fixture.database.openIntentCounts().values.reduce(0, +) == 0
                let recorded =
                    try world.audit(email).first.map { $0.action == "intent.resume" && $0.outcome == .ok } ?? false
                return invited && closed && recorded
            }
            #expect(try world.fixture.database.openIntentCounts().values.reduce(0, +) == 0)
            #expect(
                try world.audit(email).first.map {
                    $0.action == "intent.resume" && $0.outcome == .ok && $0.actor == "scim:acme"
                } == true)
            serve.send(SIGTERM)
            #expect(await serve.exitStatus() == 0)
            try await world.expectConsistent()
        }
    }

    private func waitUntil(_ what: String, seconds: Double = 20, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("timed out waiting until \(what)")
    }
}
