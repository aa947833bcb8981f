import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyRuntime
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// What a removal from the IdP does with the person's API keys, per instance policy (issue 12): `report` leaves
/// them and audits the ones that survive; `deactivate` sets every active key they created inactive first.
@Suite(.timeLimit(.minutes(3))) struct SCIMOffboardingTests {
    static let deactivate =
        #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}"#

    /// Jane (a demo member with a personal and a legacy workspace key) pushed by the IdP, then deactivated.
    private func removeJane(
        policy: Instance.OffboardingKeyPolicy, enterprise: Bool = false, mode: Instance.Mode = .enforce,
        held: Bool = false,
        // `then` comes first so that a trailing closure is it; `prepare` runs before the IdP's removal.
        then: @Sendable (StoreFixture, RunningSimulator) async throws -> Void = { _, _ in },
        prepare: @Sendable (StoreFixture, RunningSimulator) async throws -> Void = { _, _ in }
    ) async throws -> (keys: [String: String], before: [String: String], audit: [AuditEvent], problems: [String]) {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim, mode: mode)
            defer { fixture.directory.remove() }
            try fixture.database.changeSetting(
                .offboardingKeys(policy), of: fixture.instance, actor: "cli:test", at: Date())
            _ = try await fixture.refresher(client: sim.client()).run(actor: "cli:test")
            let before = await sim.simulator.organization.apiKeyStatuses()
            await sim.simulator.organization.setEnterprise(enterprise)
            try await prepare(fixture, sim)
            return try await withSCIMServer(fixture) { scim in
                // Refresh gave Jane a record (she was a member before the IdP): the IdP finds it by userName.
                let found = try await scim.call("GET", "/Users?filter=userName%20eq%20%22jane.smith@acme.example%22")
                let resources = try #require(found.json["Resources"] as? [[String: Any]])
                let id = try #require(resources.first?["id"] as? String)
                let off = try await scim.call("PATCH", "/Users/\(id)", body: Self.deactivate)
                #expect(off.status == 200, "\(off.text)")
                let gone = try await sim.client().findMember(email: "jane.smith@acme.example").value == nil
                #expect(gone == (mode == .enforce && !held))
                try await then(fixture, sim)
                let problems = try await ConsistencyCheck.verify(fixture, sim, scim: scim)
                return (
                    await sim.simulator.organization.apiKeyStatuses(), before,
                    try fixture.database.auditEvents(instanceID: fixture.instance.id), problems
                )
            }
        }
    }

    @Test func reportLeavesTheKeysAndAuditsTheOnesThatSurvive() async throws {
        let result = try await removeJane(policy: .report)
        #expect(result.keys == result.before, "no key is touched")
        #expect(!result.audit.contains { $0.action == "api_key.deactivate" })
        let row = try #require(result.audit.first { $0.action == "offboarding.keys_survive" })
        #expect(
            row.detail.hasPrefix("1 active key(s) created by jane.smith@acme.example survive the removal: ci-deploy"))
        #expect(!row.requestIDs.isEmpty && row.actor == "scim:acme")
        #expect(result.problems.isEmpty, "\(result.problems)")
    }

    @Test func deactivateStopsEveryActiveKeyTheyCreatedBeforeTheRemoval() async throws {
        let result = try await removeJane(policy: .deactivate)
        let changed = result.keys.filter { result.before[$0.key] != $0.value }
        #expect(changed.count == 2 && changed.values.allSatisfy { $0 == "inactive" }, "\(changed)")
        let rows = result.audit.filter { $0.action == "api_key.deactivate" }
        #expect(rows.count == 2 && rows.allSatisfy { $0.outcome == .ok && $0.targetEmail == "jane.smith@acme.example" })
        // Audited before the removal: the key rows are older than the member's removal row.
        let removal = try #require(result.audit.first { $0.action == "member.delete" })
        #expect(rows.allSatisfy { ($0.id ?? 0) < (removal.id ?? 0) })
        #expect(result.problems.isEmpty, "\(result.problems)")
    }

    /// Under `report`, the keys that survived are a problem; retrying it sets them inactive and closes it.
    @Test func survivingKeysAreAProblemThatRetryingCloses() async throws {
        let result = try await removeJane(policy: .report) { fixture, sim in
            let runtime = try fixture.runtime(client: sim.client())
            let problem = try #require(try await runtime.problems().first { $0.kind == .survivingKeys })
            #expect(problem.email == "jane.smith@acme.example" && problem.cause.contains("ci-deploy"))
            #expect(try await runtime.problems().allSatisfy { $0.kind != .failedPush })
            let actor = ManagedProvisioner.Actor(name: "cli:test", source: .cli)
            let done = try await runtime.retryProblem(id: problem.id, actor: actor)
            #expect(done.hasPrefix("set 2 key(s) of jane.smith@acme.example inactive"), "\(done)")
            #expect(try await runtime.problems().allSatisfy { $0.kind != .survivingKeys })
        }
        let changed = result.keys.filter { result.before[$0.key] != $0.value }
        #expect(changed.count == 2 && changed.values.allSatisfy { $0 == "inactive" })
        #expect(result.problems.isEmpty, "\(result.problems)")
    }

    /// An Enterprise organization has no key endpoints: under `report` that is recorded as information and raises
    /// no problem (it would on every removal); the removal is made either way.
    @Test func anEnterpriseOrganizationsRemovalRaisesNoKeyProblemUnderReport() async throws {
        let result = try await removeJane(policy: .report, enterprise: true) { fixture, sim in
            let runtime = try fixture.runtime(client: sim.client())
            #expect(try await runtime.problems().isEmpty)
        }
        #expect(result.keys == result.before)
        let row = try #require(result.audit.first { $0.action == "offboarding.keys_unavailable" })
        #expect(row.outcome == .ok && row.detail.contains("no key endpoints"), "\(row.detail)")
        #expect(!result.audit.contains { $0.action.hasPrefix("offboarding.keys") && $0.outcome == .failed })
        #expect(result.audit.contains { $0.action == "member.delete" && $0.outcome == .ok })
    }

    /// Under `deactivate` the operator asked for the keys to stop: that they could not be is a problem to see.
    @Test func anEnterpriseOrganizationsRemovalUnderDeactivateIsAProblem() async throws {
        let result = try await removeJane(policy: .deactivate, enterprise: true) { fixture, sim in
            let runtime = try fixture.runtime(client: sim.client())
            let problems = try await runtime.problems()
            #expect(problems.map(\.kind) == [.survivingKeys], "\(problems)")
        }
        #expect(result.audit.contains { $0.action == "offboarding.keys" && $0.outcome == .failed })
        #expect(result.audit.contains { $0.action == "member.delete" && $0.outcome == .ok })
    }

    /// In a dry-run instance the `deactivate` policy sends no write: each key is audited as what would be done.
    @Test func deactivateInDryRunSendsNoWriteAndAuditsWhatItWouldDo() async throws {
        let result = try await removeJane(policy: .deactivate, mode: .dryRun) { _, sim in
            #expect(await sim.simulator.traffic.writeCount() == 0)
        }
        #expect(result.keys == result.before)
        let rows = result.audit.filter { $0.action == "api_key.deactivate" }
        #expect(
            rows.count == 2 && rows.allSatisfy { $0.outcome == .dryRun && $0.detail.hasPrefix("dry-run: would set") })
        // Dry-run's one expected difference: the IdP's word is recorded, Claude is not changed.
        #expect(result.problems == ["record jane.smith@acme.example is inactive but Claude still has it"])
    }

    /// Stopping the one surviving key on its own (the Keys view's path) closes the problem too.
    @Test func stoppingTheNamedKeyOnItsOwnClosesTheProblem() async throws {
        let result = try await removeJane(policy: .report) { fixture, sim in
            let runtime = try fixture.runtime(client: sim.client())
            #expect(try await runtime.problems().contains { $0.kind == .survivingKeys })
            let key = try #require(try await sim.client().listAPIKeys().value.first { $0.name == "ci-deploy" })
            let done = try await runtime.keyOffboarding(actor: .init(name: "console:ops", source: .console))
                .setStatus(ofKeyID: key.id, saw: .active, to: .inactive, creator: nil)
            #expect(done.changed?.value.status == .inactive)
            #expect(try await runtime.problems().allSatisfy { $0.kind != .survivingKeys })
        }
        #expect(result.problems.isEmpty, "\(result.problems)")
    }

    /// A removal the guard held and an operator approved follows the policy too, before the removal.
    @Test func anApprovedHeldRemovalStopsTheKeysFirst() async throws {
        let result = try await removeJane(
            policy: .deactivate, held: true,
            then: { fixture, sim in
                let stored = try #require(try fixture.database.instance(named: fixture.instance.slug))
                let runtime = try InstanceRuntime(store: fixture.database, instance: stored, client: sim.client())
                let held = try #require(try await runtime.problems().first { $0.kind == .heldRemoval })
                let outcome = try await runtime.approveHeldRemoval(
                    id: held.id, actor: .init(name: "console:ops", source: .console))
                #expect(outcome.change == .memberRemoved)
            },
            prepare: { fixture, _ in
                // One removal a window, already taken: Jane's is held.
                try fixture.database.changeSetting(
                    .removalGuard(RemovalGuardPolicy(maxRemovals: 1, windowMinutes: 60)), of: fixture.instance,
                    actor: "cli:test", at: Date())
                let wiring = try fixture.database.wiring(for: fixture.instance, now: { Date() })
                _ = try await wiring.removalGuard.admit(
                    email: "earlier@acme.example", policy: RemovalGuardPolicy(maxRemovals: 1, windowMinutes: 60),
                    idpRequestID: nil, now: Date())
            })
        let changed = result.keys.filter { result.before[$0.key] != $0.value }
        #expect(changed.count == 2 && changed.values.allSatisfy { $0 == "inactive" }, "\(changed)")
        let rows = result.audit.filter { $0.action == "api_key.deactivate" }
        let removal = try #require(result.audit.first { $0.action == "member.delete" })
        #expect(rows.count == 2 && rows.allSatisfy { ($0.id ?? 0) < (removal.id ?? 0) && $0.actor == "console:ops" })
        #expect(result.problems.isEmpty, "\(result.problems)")
    }

    /// Someone the mirror knows only as invited (they accepted since the last refresh) is looked up live when
    /// the IdP removes them: the policy is not skipped for want of a refresh.
    @Test func aMemberTheMirrorKnowsOnlyAsInvitedStillGetsThePolicy() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            try fixture.database.changeSetting(
                .offboardingKeys(.deactivate), of: fixture.instance, actor: "cli:test", at: Date())
            _ = try await fixture.refresher(client: sim.client()).run(actor: "cli:test")
            try await withSCIMServer(fixture) { scim in
                let email = "newcomer@acme.example"
                let created = try await scim.call(
                    "POST", "/Users", body: #"{"userName":"\#(email)","active":true,"claude_role":"developer"}"#)
                #expect(created.status == 201, "\(created.text)")
                let id = try #require(created.json["id"] as? String)
                // They accept in Claude and make a legacy workspace key; Scimify has not refreshed since.
                let organization = sim.simulator.organization
                let invite = try #require(await organization.pendingInvites(email: email).first)
                let userID = try await organization.acceptInvite(id: invite.id)
                let key = await organization.addAPIKey(
                    name: "newcomer-ci", creator: userID, kind: .legacyWorkspace, workspaceID: nil)
                let off = try await scim.call("PATCH", "/Users/\(id)", body: Self.deactivate)
                #expect(off.status == 200, "\(off.text)")
                #expect(try await sim.client().findMember(email: email).value == nil)
                #expect(await organization.apiKeyStatuses()[key] == "inactive")
                let rows = try fixture.database.auditEvents(instanceID: fixture.instance.id).filter {
                    $0.action == "api_key.deactivate" && $0.targetEmail == email
                }
                #expect(rows.count == 1 && rows.first?.outcome == .ok)
                let problems = try await ConsistencyCheck.verify(fixture, sim, scim: scim)
                #expect(problems.isEmpty, "\(problems)")
            }
        }
    }
}
