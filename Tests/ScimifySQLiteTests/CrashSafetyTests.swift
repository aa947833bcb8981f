import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// Cancel-and-reinvite run by the real `scimify` binary, killed with SIGKILL at each step boundary, then a
/// restart: the person always ends with exactly one pending invite, with the new role.
@Suite(.serialized, .timeLimit(.minutes(5))) struct CrashSafetyTests {
    let cli = ScimifyProcess()
    static let deleteRoute = "DELETE /v1/organizations/invites/{id}"
    static let createRoute = "POST /v1/organizations/invites"

    enum Boundary: String, CaseIterable {
        /// The intent is journaled; the cancel was sent but never applied.
        case beforeCancel
        /// The old invite is cancelled; the new one was never requested.
        case afterCancel
        /// The new invite exists; the intent was never cleared.
        case afterCreate
    }

    private func waitForArrival(_ sim: RunningSimulator, _ route: String) async throws {
        for _ in 0..<400 {
            if await sim.simulator.traffic.requestCounts()["\(route) arrived", default: 0] > 0 { return }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("the child never sent \(route)")
    }

    @Test(arguments: Boundary.allCases)
    func killedChangeIsFinishedOnRestart(_ boundary: Boundary) async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            let email = "new.hire1@acme.example"
            let oldInvite = try #require(await sim.simulator.organization.pendingInvites(email: email).first)
            let hold: SimulatorTraffic.Hold =
                switch boundary {
                // Long enough that a loaded machine kills the child before the held cancel would go through.
                case .beforeCancel: .init(route: Self.deleteRoute, moment: .before, milliseconds: 5000)
                case .afterCancel: .init(route: Self.deleteRoute, moment: .after, milliseconds: 2500)
                case .afterCreate: .init(route: Self.createRoute, moment: .after, milliseconds: 2500)
                }
            await sim.simulator.traffic.setHolds([hold])
            let child = try cli.launch(["set-role", email, "developer", "--db", fixture.path, "--instance", "acme"])
            try await waitForArrival(sim, hold.route)
            if boundary == .afterCreate {
                // The first POST to arrive is the re-invite's probe (refused, never held): wait for the new
                // invite itself, whose answer is held, so a loaded machine cannot kill the child before it.
                for _ in 0..<400 {
                    if await sim.simulator.organization.pendingInvites(email: email).map(\.role) == ["developer"] {
                        break
                    }
                    try await Task.sleep(for: .milliseconds(10))
                }
            }
            try await Task.sleep(for: .milliseconds(200))
            child.kill()
            _ = await child.wait()
            if boundary == .beforeCancel {
                await sim.simulator.traffic.abandonHeldRequests()  // the cancel never reached the API
                try await Task.sleep(for: .milliseconds(5300))
            }
            await sim.simulator.traffic.setHolds([])

            let pendingAfterCrash = await sim.simulator.organization.pendingInvites(email: email)
            switch boundary {
            case .beforeCancel: #expect(pendingAfterCrash.map(\.id) == [oldInvite.id])
            case .afterCancel: #expect(pendingAfterCrash.isEmpty)
            case .afterCreate: #expect(pendingAfterCrash.map(\.role) == ["developer"])
            }
            #expect(try fixture.database.openIntentCounts().values.reduce(0, +) == 1)

            // Any process opening the instance finishes the intent first.
            let restart = try await cli.run(["invites", "list", "--db", fixture.path, "--json"])
            #expect(restart.status == 0, "\(restart.stderr)")
            let pending = await sim.simulator.organization.pendingInvites(email: email)
            #expect(pending.count == 1)
            #expect(pending.first?.role == "developer")
            #expect(pending.first?.id != oldInvite.id)
            #expect(try fixture.database.openIntentCounts().values.reduce(0, +) == 0)
            let audit = try fixture.database.auditEvents(instanceID: fixture.instance.id)
            #expect(audit.contains { $0.action == "intent.resume" && $0.targetEmail == email && $0.outcome == .ok })
        }
    }

    @Test func twoProcessesChangingOneEmailAtOnceEndConsistent() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            let email = "new.hire2@acme.example"
            // Slow cancels make the two changes overlap unless they are serialized.
            await sim.simulator.traffic.setHolds([.init(route: Self.deleteRoute, moment: .before, milliseconds: 300)])
            let arguments = ["--db", fixture.path, "--instance", "acme"]
            async let first = cli.run(["set-role", email, "billing"] + arguments)
            async let second = cli.run(["set-role", email, "claude_code_user"] + arguments)
            let results = try await [first, second]
            #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr))")
            let pending = await sim.simulator.organization.pendingInvites(email: email)
            #expect(pending.count == 1)
            let events = try fixture.database.auditEvents(instanceID: fixture.instance.id).filter {
                $0.targetEmail == email
            }
            #expect(events.count == 2)
            #expect(events.allSatisfy { $0.outcome == .ok && $0.action == "invite.reinvite" })
            // The later change wins and the state matches its audit row.
            let last = try #require(events.first)
            #expect(last.detail.hasSuffix("re-invited as \(pending.first?.role ?? "?")"))
            #expect(try fixture.database.openIntentCounts().values.reduce(0, +) == 0)
        }
    }
}
