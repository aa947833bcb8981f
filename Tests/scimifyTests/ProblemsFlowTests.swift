import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// Problems that follow from state, through the CLI on a store the SCIM server writes.
@Suite(.serialized, .timeLimit(.minutes(5))) struct ProblemsFlowTests {
    private func problems(_ world: OneTruthWorld, kind: String? = nil) async throws -> [[String: Any]] {
        let listed = try await world.run(["problems", "list", "--json"] + (kind.map { ["--kind", $0] } ?? []))
        #expect(listed.status == 0, "\(listed.stderr)")
        return try listed.lines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// Going live: what the IdP pushed in dry-run shows as drift once enforced, and retrying applies it.
    @Test func goingLiveFromDryRunAppliesThePlanByRetryingDrift() async throws {
        try await OneTruthWorld.run(mode: .dryRun) { world in
            let emails = ["golive1@acme.example", "golive2@acme.example", "golive3@acme.example"]
            for (index, email) in emails.enumerated() {
                _ = try await world.scimCreate(email, role: index == 0 ? "developer" : "user")
            }
            #expect(await world.sim.simulator.traffic.writeCount() == 0)
            #expect(
                try await problems(world).isEmpty,
                "in dry-run, Claude differing from the IdP is the plan, not a problem")
            #expect(try await world.run("readiness").stdout.contains("pushes to apply when this instance enforces: 3"))
            #expect(try await world.run("instances", "set-mode", "acme", "enforce").status == 0)

            let drift = try await problems(world, kind: "drift")
            #expect(Set(drift.compactMap { $0["email"] as? String }) == Set(emails))
            let readiness = try await world.run("readiness")
            #expect(readiness.stdout.contains("open problems: 3 (drift 3)"), "\(readiness.stdout)")
            for problem in drift {
                let retried = try await world.run("problems", "retry", try #require(problem["id"] as? String))
                #expect(retried.status == 0, "\(retried.stderr)")
            }
            #expect(await world.pending(emails[0]).map(\.role) == ["developer"])
            #expect(await world.pending(emails[1]).map(\.role) == ["user"])
            #expect(try await problems(world).isEmpty)
            #expect(try world.audit(emails[0]).contains { $0.action == "problem.retry" && $0.actor == "cli:ops" })
            try await world.expectConsistent()
        }
    }

    /// Retrying an expiring invite is one journaled cancel-and-reinvite (issue 21, defect 9): killed between the
    /// cancel and the new invite, the intent is left open and the next command finishes it with the same role.
    @Test func anExpiringInviteRetryKilledAfterTheCancelIsFinishedByTheJournal() async throws {
        try await OneTruthWorld.run { world in
            let email = "soon.expired@acme.example"
            _ = try await world.scimCreate(email, role: "developer")
            let invite = try #require(await world.pending(email).first)
            try await world.sim.simulator.organization.ageInvite(id: invite.id, expiringInHours: 10)
            #expect(try await world.run("refresh").status == 0)
            let expiring = try await problems(world, kind: "expiring")
            let id = try #require(expiring.first?["id"] as? String)

            await world.sim.simulator.traffic.setHolds([
                .init(route: OneTruthWorld.deleteInviteRoute, moment: .after, milliseconds: 2500)
            ])
            let child = try world.cli.launch(["problems", "retry", id, "--db", world.fixture.path])
            try await world.waitForArrival(OneTruthWorld.deleteInviteRoute)
            try await Task.sleep(for: .milliseconds(200))
            child.kill()
            _ = await child.wait()
            await world.sim.simulator.traffic.setHolds([])
            try await Task.sleep(for: .milliseconds(2500))
            #expect(await world.pending(email).isEmpty, "the gap a crash leaves")
            #expect(try world.fixture.database.openIntentCounts().values.reduce(0, +) == 1, "journaled")

            #expect(try await world.run("invites", "list").status == 0)
            let resent = await world.pending(email)
            #expect(resent.map(\.role) == ["developer"] && resent.first?.id != invite.id, "\(resent)")
            #expect(try world.fixture.database.openIntentCounts().values.reduce(0, +) == 0)
            try await world.expectConsistent()
        }
    }

    /// A failed push is a problem until a later push for that person succeeds; drift from a change made in
    /// Claude's own pages shows after refresh, and a dismissal hides it (audited).
    @Test func failedPushClearsOnSuccessAndDriftCanBeDismissed() async throws {
        try await OneTruthWorld.run { world in
            let refused = try await world.scim.call(
                "POST", "/Users", body: #"{"userName":"pushy@acme.example","claude_role":"admin"}"#)
            #expect(refused.status == 400)
            let failed = try await problems(world, kind: "failed_push")
            #expect(failed.first?["email"] as? String == "pushy@acme.example")
            #expect((failed.first?["cause"] as? String)?.contains("admin cannot be assigned") == true)
            let metrics = try await world.scim.call("GET", "http://127.0.0.1:\(world.scim.port)/metrics", token: "")
            #expect(
                PrometheusSamples(metrics.text).value("scimify_problems", ["instance": "acme", "kind": "failed_push"])
                    == 1, "\(metrics.text)")
            _ = try await world.scimCreate("pushy@acme.example", role: "user")
            #expect(try await problems(world, kind: "failed_push").isEmpty)

            // Someone changes the role in Claude itself: after a refresh, the IdP's last word and Claude disagree.
            let drifter = "drifter@acme.example"
            _ = try await world.scimCreate(drifter, role: "user")
            let invite = try #require(await world.pending(drifter).first)
            _ = try await world.sim.simulator.organization.acceptInvite(id: invite.id)
            let memberID = try #require(await world.sim.simulator.organization.member(email: drifter)?.id)
            _ = try await world.sim.client().updateMemberRole(memberID: memberID, role: .billing)
            #expect(try await world.run("refresh").status == 0)
            let drift = try await problems(world, kind: "drift")
            #expect(
                drift.count == 1
                    && (drift.first?["cause"] as? String) == "Claude has the role billing; the IdP last sent user")
            let dismissed = try await world.run(
                "problems", "dismiss", try #require(drift.first?["id"] as? String), "--reason", "approved exception")
            #expect(dismissed.status == 0, "\(dismissed.stderr)")
            #expect(try await problems(world).isEmpty)
            #expect(try world.audit(drifter).first?.action == "problem.dismiss")
        }
    }
}
