import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifyTestSupport
import Testing

/// A push the IdP made while Claude was unreachable answers 503 and leaves a failed-push problem; after the
/// outage `problems retry` re-sends exactly what the IdP asked (issue 21, defect 8), audits the real outcome
/// and exits non-zero when the retry fails too.
@Suite(.serialized, .timeLimit(.minutes(5))) struct FailedPushRetryTests {
    private static let inactive =
        OneTruthWorld.patchOp + #"[{"op":"replace","path":"active","value":false}]}"#

    private func failedPushes(_ world: OneTruthWorld) async throws -> [String: [String: Any]] {
        let listed = try await world.run("problems", "list", "--json", "--kind", "failed_push")
        #expect(listed.status == 0, "\(listed.stderr)")
        var byEmail: [String: [String: Any]] = [:]
        for line in listed.lines {
            let problem = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            byEmail[try #require(problem["email"] as? String)] = problem
        }
        return byEmail
    }

    private func outage(_ world: OneTruthWorld, _ on: Bool) async {
        await world.sim.simulator.traffic.setFaults(on ? .init(error500: 1) : .init())
    }

    /// The worst case: a SCIM DELETE (pending invite) and a PATCH `active:false` (member) during a total outage.
    @Test func removalsMadeDuringAnOutageAreRetriedAsRemovals() async throws {
        try await OneTruthWorld.run { world in
            let invited = "leaver.invite@acme.example"
            let member = "leaver.member@acme.example"
            let invitedID = try await world.scimCreate(invited, role: "developer")
            let memberID = try await world.scimCreateMember(member, role: "user")

            await outage(world, true)
            #expect(try await world.scim.call("DELETE", "/Users/\(invitedID)").status == 503)
            #expect(try await world.scim.call("PATCH", "/Users/\(memberID)", body: Self.inactive).status == 503)
            await outage(world, false)

            let failed = try await failedPushes(world)
            #expect(Set(failed.keys) == [invited, member], "\(failed)")
            for email in [invited, member] {
                let id = try #require(failed[email]?["id"] as? String)
                let retried = try await world.run("problems", "retry", id)
                #expect(retried.status == 0, "\(retried.stderr)")
                #expect(!retried.stdout.contains("already has"), "\(retried.stdout)")
                let row = try #require(try world.audit(email).first { $0.action == "problem.retry" })
                #expect(row.outcome == .ok && row.actor == "cli:ops" && !row.requestIDs.isEmpty, "\(row)")
            }
            #expect(await world.pending(invited).isEmpty, "the invite is cancelled")
            #expect(await world.sim.simulator.organization.member(email: member) == nil, "the member is removed")
            #expect(try await failedPushes(world).isEmpty)
            let open = try await world.run("problems", "list", "--json")
            #expect(!open.stdout.contains(invited) && !open.stdout.contains(member), "\(open.stdout)")
            for id in [invitedID, memberID] {
                #expect(try await world.scim.call("GET", "/Users/\(id)").json["active"] as? Bool == false)
            }
            try await world.expectConsistent()
            // The IdP's own retry of its DELETE now finds nothing left to do in Claude and forgets the record.
            #expect(try await world.scim.call("DELETE", "/Users/\(invitedID)").status == 204)
            #expect(try await world.scim.call("GET", "/Users/\(invitedID)").status == 404)
            try await world.expectConsistent()
        }
    }

    /// A retry that fails (Claude still down) exits non-zero, is audited as failed, and leaves the problem open
    /// under its id; no message claims a removal, and the key check beside it does not say one went ahead.
    @Test func aRetryThatFailsExitsNonZeroAndIsAuditedAsFailed() async throws {
        try await OneTruthWorld.run { world in
            let email = "still.down@acme.example"
            let id = try await world.scimCreateMember(email, role: "user")

            await outage(world, true)
            #expect(try await world.scim.call("PATCH", "/Users/\(id)", body: Self.inactive).status == 503)
            let problemID = try #require(try await failedPushes(world)[email]?["id"] as? String)
            let retried = try await world.run("problems", "retry", problemID)
            #expect(retried.status != 0)
            #expect(!retried.stdout.contains("removed"), "\(retried.stdout)")
            let row = try #require(try world.audit(email).first { $0.action == "problem.retry" })
            #expect(row.outcome == .failed, "\(row)")
            #expect(try world.audit(email).allSatisfy { !$0.detail.contains("went ahead") })
            #expect(try await failedPushes(world)[email]?["id"] as? String == problemID, "still open, same id")
            await outage(world, false)

            #expect(await world.sim.simulator.organization.member(email: email) != nil, "nothing was removed")
            let again = try await world.run("problems", "retry", problemID)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(await world.sim.simulator.organization.member(email: email) == nil)
            #expect(try await failedPushes(world).isEmpty)
            try await world.expectConsistent()
        }
    }

    /// A create and a role change made during an outage are re-sent with the role the IdP asked for; a push
    /// refused by a rule (admin) has nothing to re-send and says so, exiting non-zero.
    @Test func createsAndRoleChangesAreRetriedWithTheirRole() async throws {
        try await OneTruthWorld.run { world in
            let hire = "outage.hire@acme.example"
            let promoted = "outage.promoted@acme.example"
            let promotedID = try await world.scimCreateMember(promoted, role: "user")

            await outage(world, true)
            let created = try await world.scim.call(
                "POST", "/Users", body: #"{"userName":"\#(hire)","active":true,"claude_role":"developer"}"#)
            #expect(created.status == 503)
            #expect(try await world.scimSetRole(promotedID, "billing").status == 503)
            await outage(world, false)

            let failed = try await failedPushes(world)
            #expect(Set(failed.keys) == [hire, promoted], "\(failed)")
            for email in [hire, promoted] {
                let retried = try await world.run("problems", "retry", try #require(failed[email]?["id"] as? String))
                #expect(retried.status == 0, "\(retried.stderr)")
            }
            #expect(await world.pending(hire).map(\.role) == ["developer"])
            #expect(await world.sim.simulator.organization.member(email: promoted)?.role == "billing")
            #expect(try await world.scimRole(promotedID) == "billing")
            let open = try await world.run("problems", "list", "--json")
            #expect(open.stdout.isEmpty, "no failed push and no drift is left: \(open.stdout)")
            try await world.expectConsistent()

            let refused = try await world.scim.call(
                "POST", "/Users", body: #"{"userName":"boss@acme.example","claude_role":"admin"}"#)
            #expect(refused.status == 400)
            let bossID = try #require(try await failedPushes(world)["boss@acme.example"]?["id"] as? String)
            let retried = try await world.run("problems", "retry", bossID)
            #expect(retried.status != 0)
            #expect(retried.stderr.contains("nothing to re-send"), "\(retried.stderr)")
            #expect(try world.audit("boss@acme.example").first?.outcome == .refused)
        }
    }
}
