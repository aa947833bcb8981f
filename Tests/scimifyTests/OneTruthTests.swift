import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifyRuntime
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// One source of truth across every path (SCIM over HTTP, the CLI as a child process, a store on a real
/// file): each defect of the "one truth" issue, reproduced through the real parts, ending with the
/// consistency check.
@Suite(.serialized, .timeLimit(.minutes(5))) struct OneTruthTests {
    /// Defect 1: a SCIM POST and a SCIM role PATCH reach the mirror at once, and the next refresh reports
    /// nothing as changed "outside".
    @Test func scimChangesReachTheMirrorAndRefreshSeesNoOutsideChange() async throws {
        try await OneTruthWorld.run { world in
            let email = "okta.push@acme.example"
            let id = try await world.scimCreate(email, role: "billing")
            let mirrored = try #require(
                try world.fixture.database.claudeState(instanceID: world.fixture.instance.id, email: email))
            #expect(mirrored.kind == .pendingInvite && mirrored.role == .billing)
            let cached = try await world.run("invites", "list", "--cached", "--status", "pending", "--json")
            #expect(cached.status == 0, "\(cached.stderr)")
            #expect(cached.stdout.contains(email) && cached.stdout.contains("\"role\":\"billing\""))
            #expect(cached.stderr.contains("no API call"))

            #expect(try await world.scimSetRole(id, "developer").status == 200)
            let live = try #require(await world.pending(email).first)
            let after = try #require(
                try world.fixture.database.claudeState(instanceID: world.fixture.instance.id, email: email))
            #expect(after.id == live.id && after.role == .developer)

            let refreshed = try await world.run("refresh", "--json")
            let report = try #require(
                try JSONSerialization.jsonObject(with: Data(refreshed.stdout.utf8)) as? [String: Any])
            for key in [
                "new_members", "removed_members", "role_changes", "invites_cancelled", "new_invites",
                "invites_accepted",
            ] {
                #expect((report[key] as? [Any])?.isEmpty == true, "\(key): \(report[key] ?? "")")
            }
            try await world.expectConsistent()
        }
    }

    /// Defect 2: a CLI role change shows in SCIM GET, and the IdP's PATCH back to its role is applied (with an
    /// upstream call and an audit row), never answered 200 with nothing done.
    @Test func cliRoleChangeShowsInScimAndThePatchBackIsApplied() async throws {
        try await OneTruthWorld.run { world in
            let email = "drift@acme.example"
            let id = try await world.scimCreate(email, role: "user")
            let changed = try await world.run("set-role", email, "developer")
            #expect(changed.status == 0, "\(changed.stderr)")
            #expect(try await world.scimRole(id) == "developer")
            let writes = await world.sim.simulator.traffic.writeCount()
            let patched = try await world.scimSetRole(id, "user")
            #expect(patched.status == 200, "\(patched.text)")
            #expect(await world.pending(email).map(\.role) == ["user"])
            #expect(await world.sim.simulator.traffic.writeCount() > writes)
            #expect(try world.audit(email).first?.actor == "scim:acme")
            #expect(try world.audit(email).first?.action == "invite.reinvite")
            #expect(try await world.scimRole(id) == "user")
            try await world.expectConsistent()
        }
    }

    /// Defect 3 (kill -9): a late intent never overwrites a newer acknowledged change.
    @Test func aKilledRoleChangeNeverOverwritesANewerScimChange() async throws {
        try await OneTruthWorld.run { world in
            let email = "late.intent@acme.example"
            let id = try await world.scimCreate(email, role: "user")
            try await world.setRoleKilledAfterTheCancel(email, "developer")
            #expect(try await world.scimSetRole(id, "billing").status == 200)
            #expect(await world.pending(email).map(\.role) == ["billing"])
            let later = try await world.run("members", "list", "--json")  // any command resumes intents first
            #expect(later.status == 0, "\(later.stderr)")
            #expect(await world.pending(email).map(\.role) == ["billing"])
            #expect(try world.fixture.database.openIntentCounts().values.reduce(0, +) == 0)
            #expect(try world.audit(email).contains { $0.action == "intent.superseded" && $0.outcome == .ok })
            try await world.expectConsistent()
        }
    }

    /// A crash leaves the mirror behind Claude: the IdP re-sending the role the mirror still shows is asked of
    /// Claude, never answered 200 on the mirror's word while the person has no invite.
    @Test func afterACrashTheMirrorIsNotTrustedForThatPerson() async throws {
        try await OneTruthWorld.run { world in
            let email = "crash.gap@acme.example"
            let id = try await world.scimCreate(email, role: "user")
            try await world.setRoleKilledAfterTheCancel(email, "developer")
            #expect(try world.fixture.database.isUnconfirmed(instanceID: world.fixture.instance.id, email: email))
            let patched = try await world.scimSetRole(id, "user")
            #expect(patched.status == 200, "\(patched.text)")
            #expect(await world.pending(email).map(\.role) == ["user"], "the IdP was told done: Claude must have it")
            #expect(try !world.fixture.database.isUnconfirmed(instanceID: world.fixture.instance.id, email: email))
            _ = try await world.run("invites", "list")  // the late intent is superseded
            #expect(await world.pending(email).map(\.role) == ["user"])
            try await world.expectConsistent()
        }
    }

    /// Defect 4, up front: in a JIT organization a role change of a pending invite is refused before the
    /// cancel, with both remedies, and the invite stays as it was.
    @Test func jitOrganizationRefusesTheRoleChangeAndKeepsTheInvite() async throws {
        try await OneTruthWorld.run { world in
            let email = "new.hire1@acme.example"
            let before = await world.pending(email)
            await world.sim.simulator.organization.setMode(.jit)
            let refused = try await world.run("set-role", email, "developer")
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("\"Invite only\"") && refused.stderr.contains("\"Create users\""))
            #expect(await world.pending(email).map(\.id) == before.map(\.id))
            #expect(try world.fixture.database.openIntentCounts().values.reduce(0, +) == 0)
            #expect(try world.audit(email).first?.outcome == .refused)
            let list = try await world.run("invites", "list")
            #expect(list.status == 0)
            try await world.expectConsistent()
        }
    }

    /// Defect 4 (kill -9): a re-invite refused after its cancel needs attention, jams nothing, is never
    /// replayed, and is cleared by an operator's retry (audited).
    @Test func aRefusedIntentNeedsAttentionJamsNothingAndIsRetried() async throws {
        try await OneTruthWorld.run { world in
            let email = "new.hire2@acme.example"
            try await world.setRoleKilledAfterTheCancel(email, "billing")
            await world.sim.simulator.organization.setMode(.jit)
            let first = try await world.run("members", "list")
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stderr.contains("needs attention"))
            let arrived = "\(OneTruthWorld.createInviteRoute) arrived"
            let posts = await world.sim.simulator.traffic.requestCounts()[arrived, default: 0]
            for command in [["invites", "list"], ["refresh"], ["test-connection"], ["readiness"]] {
                let result = try await world.cli.run(
                    command + ["--db", world.fixture.path], environment: ["USER": "ops"])
                #expect(result.status == 0 || command == ["readiness"], "\(command): \(result.stderr)")
            }
            // The refused intent's POST is never replayed: only readiness's probe asks to invite.
            #expect(await world.sim.simulator.traffic.requestCounts()[arrived, default: 0] == posts + 1)
            let readiness = try await world.run("readiness")
            #expect(readiness.stdout.contains("changes needing attention: 1"), "\(readiness.stdout)")
            let metrics = try await world.scim.call("GET", "http://127.0.0.1:\(world.scim.port)/metrics", token: "")
            #expect(
                PrometheusSamples(metrics.text).value(
                    "scimify_intents", ["instance": "acme", "state": "needs_attention"]) == 1, "\(metrics.text)")
            let attention = try #require(try world.audit(email).first { $0.action == "intent.needs_attention" })
            #expect(attention.requestIDs.count >= 2, "\(attention.requestIDs)")
            #expect(attention.detail.contains("needs attention"))

            let listed = try await world.run("problems", "list", "--json")
            let problem = try #require(
                try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [String: Any])
            #expect(problem["email"] as? String == email && problem["kind"] as? String == "needs_attention")
            let problemID = try #require(problem["id"] as? String)
            await world.sim.simulator.organization.setMode(.inviteOnly)
            let retried = try await world.run("problems", "retry", problemID)
            #expect(retried.status == 0, "\(retried.stderr)")
            #expect(await world.pending(email).map(\.role) == ["billing"])
            #expect(try world.audit(email).contains { $0.action == "problem.retry" && $0.actor == "cli:ops" })
            let empty = try await world.run("problems", "list", "--json")
            #expect(empty.stdout.isEmpty)
            try await world.expectConsistent()
        }
    }

    /// Dismissing keeps things as they are (audited); a dry-run instance never sends an intent's write.
    @Test func dismissIsAuditedAndDryRunNeverReplaysAWrite() async throws {
        try await OneTruthWorld.run { world in
            let email = "new.hire2@acme.example"
            try await world.setRoleKilledAfterTheCancel(email, "billing")
            #expect(try await world.run("instances", "set-mode", "acme", "dry-run").status == 0)
            let writes = await world.sim.simulator.traffic.writeCount()
            let listed = try await world.run("invites", "list")
            #expect(listed.status == 0)
            #expect(listed.stderr.contains("dry-run"))
            #expect(await world.sim.simulator.traffic.writeCount() == writes)
            #expect(try world.fixture.database.openIntentCounts().values.reduce(0, +) == 1)

            #expect(try await world.run("instances", "set-mode", "acme", "enforce").status == 0)
            await world.sim.simulator.organization.setMode(.jit)
            _ = try await world.run("members", "list")
            let problem = try #require(
                try await world.fixture.runtime(client: world.sim.client()).journal.needingAttention().first)
            let dismissed = try await world.run("problems", "dismiss", problem.intent.id, "--reason", "person left")
            #expect(dismissed.status == 0, "\(dismissed.stderr)")
            #expect(
                try world.audit(email).first.map { $0.action == "problem.dismiss" && $0.detail.contains("person left") }
                    == true)
            #expect(try await world.fixture.runtime(client: world.sim.client()).journal.needingAttention().isEmpty)
        }
    }

    /// Optimistic checks on the CLI: a change names what the operator saw, and a different state is refused.
    @Test func cliChangesThatNameWhatWasSeenRefuseAChangedState() async throws {
        try await OneTruthWorld.run { world in
            let email = "new.hire1@acme.example"
            let live = try #require(await world.pending(email).first)
            let writes = await world.sim.simulator.traffic.writeCount()
            let stale = try await world.run(
                "set-role", email, "billing", "--expect-invite", "invite_seen_earlier", "--expect-role", "user")
            #expect(stale.status == 1)
            #expect(stale.stderr.contains("changed since you looked"))
            let wrongRole = try await world.run(
                "remove", email, "--yes", "--expect-invite", live.id, "--expect-role", "developer")
            #expect(wrongRole.status == 1)
            #expect(await world.sim.simulator.traffic.writeCount() == writes)
            let current = try await world.run(
                "set-role", email, "billing", "--expect-invite", live.id, "--expect-role", live.role)
            #expect(current.status == 0, "\(current.stderr)")
            #expect(await world.pending(email).map(\.role) == ["billing"])
            let usage = try await world.run("remove", email, "--yes", "--expect-role", "user")
            #expect(usage.status == 2)
            try await world.expectConsistent()
        }
    }

    /// Defect 7: only people a SCIM request created or updated count as pushed by the IdP; members imported by
    /// refresh and people invited by an operator do not.
    @Test func onlyScimPushedPeopleCountAsManagedByTheIdP() async throws {
        try await OneTruthWorld.run { world in
            let database = world.fixture.database
            let instanceID = world.fixture.instance.id
            #expect(try database.records(instanceID: instanceID).count == 50)
            #expect(try database.managedEmails(instanceID: instanceID).isEmpty)
            _ = try await world.scimCreate("pushed@acme.example", role: "user")
            #expect(try await world.run("invite", "typed.by.ops@acme.example").status == 0)
            #expect(try database.managedEmails(instanceID: instanceID) == ["pushed@acme.example"])
            try await world.expectConsistent()
        }
    }

    /// Defect 6: rule refusals and same-value SCIM updates leave audit rows; refresh rows carry request-ids;
    /// an operator without $USER is still named.
    @Test func everyRequestLeavesAnAuditRow() async throws {
        try await OneTruthWorld.run { world in
            let refresh = try #require(try world.audit().first { $0.action == "refresh" })
            #expect(refresh.requestIDs.count >= 2, "one per listed page: \(refresh.requestIDs)")
            for body in [
                #"{"userName":"boss@acme.example","claude_role":"admin"}"#,
                #"{"userName":"boss@acme.example","urn:ietf:params:scim:schemas:extension:custom:2.0:User":{"claude_role":" Admin "}}"#,
            ] {
                #expect(
                    try await world.scim.call("POST", "/Users", body: body, headers: ["x-request-id": "okta-123"])
                        .status == 400)
            }
            let refusals = try world.audit("boss@acme.example")
            #expect(
                refusals.count == 2 && refusals.allSatisfy { $0.outcome == .refused && $0.idpRequestID == "okta-123" })
            #expect(refusals.first?.detail == ProvisioningError.adminRefusalMessage)

            let id = try await world.scimCreate("same@acme.example", role: "developer")
            let writes = await world.sim.simulator.traffic.writeCount()
            #expect(try await world.scimSetRole(id, "developer").status == 200)
            #expect(await world.sim.simulator.traffic.writeCount() == writes)
            let same = try #require(try world.audit("same@acme.example").first)
            #expect(
                same.action == "scim.update" && same.outcome == .ok
                    && same.detail.contains("already has the role developer"))

            let anonymous = try await world.run(
                "set-role", "same@acme.example", "billing", environment: ["USER": "", "LOGNAME": ""])
            #expect(anonymous.status == 0, "\(anonymous.stderr)")
            let actor = try #require(try world.audit("same@acme.example").first?.actor)
            #expect(actor.hasPrefix("cli:") && actor != "cli:unknown" && actor.count > 4)
            try await world.expectConsistent()
        }
    }
}
