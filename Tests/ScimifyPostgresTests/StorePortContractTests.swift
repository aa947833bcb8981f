import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyPostgres
import ScimifyRuntime
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// The store port's contract, run against both implementations (PostgreSQL when `SCIMIFY_TEST_DATABASE_URL`
/// is set): what the runtime, the SCIM server, the console and the CLI read and write through ``StorePort``.
@Suite(.timeLimit(.minutes(3)))
struct StorePortContractTests {
    enum Kind: String, CaseIterable, Sendable { case sqlite, postgres }

    static let kinds: [Kind] = PostgresTestDatabase.isAvailable ? [.sqlite, .postgres] : [.sqlite]

    /// A fresh store of `kind` with a master key.
    static func withStore(_ kind: Kind, _ body: @Sendable (any StorePort) async throws -> Void) async throws {
        let environment = ["SCIMIFY_MASTER_KEY": ThrowawayPostgresDatabase.newMasterKey()]
        switch kind {
        case .sqlite:
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try await body(try ScimifyDatabase(path: directory.file("scimify.sqlite"), environment: environment))
        case .postgres:
            try await PostgresTestDatabase.with { location in
                try await withPostgresTestPool(location) { pool in
                    try await body(try PostgresStore(pool: pool, environment: environment))
                }
            }
        }
    }

    @Test(arguments: kinds) func instancesTheirSecretsAndSettings(kind: Kind) async throws {
        try await Self.withStore(kind) { store in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let acme = try await store.addInstance(
                name: "Acme Prod", slug: nil, apiBaseURL: "http://127.0.0.1:1", apiKey: "sk-acme", mode: .enforce,
                now: now)
            _ = try await store.addInstance(
                name: "Staging", slug: nil, apiBaseURL: "http://127.0.0.1:2", apiKey: "sk-staging", mode: .dryRun,
                now: now)
            await #expect(throws: StoreError.self) {
                try await store.addInstance(
                    name: "acme prod", slug: nil, apiBaseURL: "http://x", apiKey: "k", mode: .enforce, now: now)
            }
            await #expect(throws: StoreError.self) { try await store.resolveInstance(nil) }
            #expect(try await store.resolveInstance("ACME PROD").id == acme.instance.id)
            #expect(try await store.instance(named: "acme-prod")?.id == acme.instance.id)
            #expect(try await store.instance(named: "nobody") == nil)
            #expect(try await store.apiKey(of: acme.instance) == "sk-acme")

            try await store.changeSetting(.mode(.dryRun), of: acme.instance, actor: "cli:test", at: Date())
            try await store.changeSetting(
                .removalGuard(RemovalGuardPolicy(maxRemovals: 3, windowMinutes: 15)), of: acme.instance,
                actor: "cli:test", at: Date())
            try await store.changeSetting(.headerColor(.red), of: acme.instance, actor: "cli:test", at: Date())
            #expect(acme.instance.offboardingKeys == .report)
            try await store.changeSetting(
                .offboardingKeys(.deactivate), of: acme.instance, actor: "cli:test", at: Date())
            let changed = try #require(try await store.instance(named: "acme-prod"))
            #expect(changed.mode == .dryRun && changed.headerColor == .red && changed.offboardingKeys == .deactivate)
            #expect(changed.removalGuard == RemovalGuardPolicy(maxRemovals: 3, windowMinutes: 15))

            let token = try await store.rotateToken(of: acme.instance)
            let stored = try #require(try await store.instanceForAuthentication(slug: "acme-prod"))
            #expect(SCIMTokenCheck.matches(token, hash: stored.tokenHash))
            #expect(!SCIMTokenCheck.matches(acme.scimToken, hash: stored.tokenHash))

            try await store.removeInstance(changed)
            #expect(try await store.instances().map(\.slug) == ["staging"])
            #expect(try await store.resolveInstance(nil).slug == "staging")
        }
    }

    @Test(arguments: kinds) func changesThroughTheRuntimeReadBackTheSame(kind: Kind) async throws {
        try await withSimulator { sim in
            try await Self.withStore(kind) { store in
                let created = try await sim.adminKey.withSecret {
                    try await store.addInstance(
                        name: "Acme", slug: nil, apiBaseURL: sim.baseURL, apiKey: $0, mode: .enforce, now: Date())
                }
                let instance = created.instance
                let runtime = try InstanceRuntime(store: store, instance: instance, client: sim.client())
                #expect(try await store.lastRefresh(instanceID: instance.id) == nil)
                let report = try await runtime.refresher.run(actor: "cli:test")
                #expect(try await store.lastRefresh(instanceID: instance.id) != nil)

                let email = "contract@acme.example"
                let now = Date()
                let record = ScimRecord(
                    id: UUID().uuidString.lowercased(), instanceID: instance.id, userName: email, emails: [email],
                    requestedRole: .developer, source: .scim, createdAt: now, updatedAt: now, pushedByIdPAt: now)
                let actor = ManagedProvisioner.Actor(name: "scim:acme", source: .scim, idpRequestID: "okta-contract")
                _ = try await runtime.provisioner.provision(
                    email: email, role: .developer, actor: actor, record: record)

                let state = try #require(try await store.claudeState(instanceID: instance.id, email: email, now: now))
                #expect(state.kind == .pendingInvite && state.role == .developer)
                let both = try #require(
                    try await store.recordWithClaudeState(instanceID: instance.id, userName: email, now: now))
                #expect(both.record.id == record.id && both.claude == state)
                #expect(try await store.record(instanceID: instance.id, id: record.id)?.inviteID == state.id)
                #expect(try await store.record(instanceID: instance.id, email: "CONTRACT@acme.example") != nil)
                #expect(try await store.mirroredPeople(instanceID: instance.id, emails: nil, now: now)[email] == state)
                #expect(try await store.managedEmails(instanceID: instance.id) == [email])
                #expect(try await !store.isUnconfirmed(instanceID: instance.id, email: email))
                #expect(try await store.openIntentCounts().isEmpty)
                #expect(try await store.attentionCounts().isEmpty)
                #expect(try await store.instancesWithUnfinishedIntents().isEmpty)

                let preview = try #require(try await store.mirrorPreview(instanceID: instance.id, limit: 2))
                #expect(preview.memberCount == report.memberCount && preview.members.count == 2)
                #expect(preview.pendingInviteCount == report.pendingInviteCount + 1)
                #expect(preview.invites.first?.email == email && preview.managedEmails.contains(email))

                let audit = try await store.auditEvents(instanceID: instance.id, since: nil, batchID: nil, limit: 100)
                #expect(audit.first?.action == "invite.create" && audit.first?.idpRequestID == "okta-contract")
                let counter = try await store.changeCounter()
                try await store.dismissProblem(
                    instanceID: instance.id, id: "drift:\(email)", reason: "known",
                    audit: AuditEvent(
                        at: Date(), instanceID: instance.id, instanceSlug: instance.slug, actor: "cli:test",
                        action: "problem.dismiss", targetEmail: email, outcome: .ok, detail: "known"))
                #expect(try await store.dismissedProblemIDs(instanceID: instance.id) == ["drift:\(email)"])
                #expect(try await store.changeCounter() > counter)

                // The IdP deletes the record: through the core, audited with its deletion.
                try await runtime.provisioner.forgetRecord(record, actor: actor)
                #expect(try await store.orderedRecords(instanceID: instance.id).allSatisfy { $0.id != record.id })
                #expect(try await store.managedEmails(instanceID: instance.id).isEmpty)
            }
        }
    }

    /// An invite the mirror still has as pending, accepted in Claude since the refresh: once a change finds the
    /// email a member, the mirror records the invite as accepted (both stores).
    @Test(arguments: kinds) func aChangeThatFindsAMemberClosesItsStalePendingInvite(kind: Kind) async throws {
        try await withSimulator { sim in
            try await Self.withStore(kind) { store in
                let created = try await sim.adminKey.withSecret {
                    try await store.addInstance(
                        name: "Acme", slug: nil, apiBaseURL: sim.baseURL, apiKey: $0, mode: .enforce, now: Date())
                }
                let runtime = try InstanceRuntime(store: store, instance: created.instance, client: sim.client())
                let actor = ManagedProvisioner.Actor(name: "cli:test", source: .cli)
                let email = "accepted.later@acme.example"
                _ = try await runtime.provisioner.provision(email: email, role: .user, actor: actor)
                _ = try await runtime.refresher.run(actor: "cli:test")
                let invite = try #require(await sim.simulator.organization.pendingInvites(email: email).first)
                _ = try await sim.simulator.organization.acceptInvite(id: invite.id)
                let stale = try await store.claudeState(instanceID: created.instance.id, email: email, now: Date())
                #expect(stale?.kind == .pendingInvite, "the mirror does not know yet")
                _ = try await runtime.provisioner.updateRole(email: email, role: .developer, actor: actor)
                let mirror = try #require(try await store.mirror(instanceID: created.instance.id))
                #expect(!mirror.invites.contains { $0.email == email && $0.status == .pending })
                #expect(mirror.members.contains { $0.email == email && $0.role == .developer })
            }
        }
    }
}
