import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyTestSupport
import Testing

@Suite(.timeLimit(.minutes(5))) struct AdminAPIClientErrorTests {
    private func failure(_ body: () async throws -> Void) async -> ProvisioningError? {
        do {
            try await body()
            return nil
        } catch let error as ProvisioningError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func wrongKeyIsAnAuthenticationErrorWithARequestID() async throws {
        try await withSimulator { sim in
            let client = sim.client(key: AdminAPIKey("sk-ant-admin01-wrong"))
            let error = try #require(await failure { _ = try await client.organization() })
            #expect(error.kind == .authentication)
            #expect(error.httpStatus == 401)
            #expect(error.requestID?.hasPrefix("req_") == true)
            #expect(!error.isRefusal)
            #expect(!error.description.contains("sk-ant-admin01-wrong"))
        }
    }

    @Test func missingScopeIsAPermissionError() async throws {
        try await withSimulator(.init(readOnlyKeys: ["sk-ant-api01-readonly"])) { sim in
            let client = sim.client(key: AdminAPIKey("sk-ant-api01-readonly"))
            _ = try await client.listAllMembers(progress: nil)
            let error = try #require(
                await failure { _ = try await client.createInvite(email: "a@x.example", role: .user) })
            #expect(error.kind == .permission)
            #expect(error.errorCode == "api_key_scope_missing")
            #expect(error.message.contains("write:members"))
        }
    }

    @Test func inviteConflictsCarryTheirErrorCodes() async throws {
        try await withSimulator { sim in
            let client = sim.client()
            let member = try #require(
                await failure { _ = try await client.createInvite(email: "JANE.SMITH@acme.example", role: .user) })
            #expect(member.errorCode == "already_member")
            #expect(member.httpStatus == 400)
            let pending = try #require(
                await failure { _ = try await client.createInvite(email: "new.hire1@acme.example", role: .user) })
            #expect(pending.errorCode == "invite_already_exists")
            #expect(pending.kind == .rejected)
        }
    }

    @Test func adminRoleAndUnknownRolesAreRefusedUpstreamToo() async throws {
        try await withSimulator { sim in
            let client = sim.client()
            let admin = try #require(
                await failure { _ = try await client.createInvite(email: "z@x.example", role: .admin) })
            #expect(admin.kind == .rejected)
            #expect(admin.message.contains("admin"))
            let jane = try #require(try await client.findMember(email: "jane.smith@acme.example").value)
            let promote = try #require(
                await failure { _ = try await client.updateMemberRole(memberID: jane.id, role: .admin) })
            #expect(promote.httpStatus == 400)
            let boss = try #require(try await client.findMember(email: SimulatorSeed.adminEmail).value)
            let demote = try #require(
                await failure { _ = try await client.updateMemberRole(memberID: boss.id, role: .user) })
            #expect(demote.httpStatus == 400)
            let remove = try #require(await failure { _ = try await client.removeMember(memberID: boss.id) })
            #expect(remove.httpStatus == 400)
        }
    }

    @Test func lastMemberCannotBeRemoved() async throws {
        try await withSimulator(.init(seed: .empty)) { sim in
            let org = sim.simulator.organization
            let only = try #require(await org.member(email: SimulatorSeed.adminEmail))
            try await org.removeMemberOutside(id: only.id)
            let id = await org.addMember(email: "solo@x.example", name: "Solo", role: "user")
            let error = try #require(await failure { _ = try await sim.client().removeMember(memberID: id) })
            #expect(error.errorCode == "cannot_remove_last_member")
        }
    }

    @Test func unknownIdsAreNotFoundAndNonPendingInvitesCannotBeDeleted() async throws {
        try await withSimulator { sim in
            let client = sim.client()
            let missing = try #require(await failure { _ = try await client.member(id: "user_nope") })
            #expect(missing.kind == .notFound)
            #expect(missing.httpStatus == 404)
            let expired = try #require(try await client.listAllInvites(progress: nil).first { $0.status == .expired })
            let error = try #require(await failure { _ = try await client.deleteInvite(inviteID: expired.id) })
            #expect(error.httpStatus == 400)
            #expect(error.kind == .rejected)
        }
    }

    @Test func jitModeRefusalIsExplainedWithBothRemedies() async throws {
        try await withSimulator(.init(mode: .jit)) { sim in
            let error = try #require(
                await failure { _ = try await sim.client().createInvite(email: "n@x.example", role: .user) })
            #expect(error.kind == .ssoManagesMembers)
            #expect(error.message.contains("\"Invite only\""))
            #expect(error.message.contains("disable \"Create users\""))
            #expect(error.requestID != nil)
            let counts = await sim.simulator.traffic.requestCounts()
            #expect(counts["POST /v1/organizations/invites 400"] == 1)  // never retried
        }
    }

    /// A closed port is not retried (retries are for resets, timeouts and 5xx): one attempt, said plainly.
    @Test func unreachableUpstreamIsUnavailableWithoutRetries() async throws {
        let statistics = ClientStatistics()
        let client = AdminAPIClient(
            key: AdminAPIKey("k")!,
            configuration: .init(baseURL: "http://127.0.0.1:9", retry: RetryPolicy(maxRetries: 3, baseDelay: 0.01)),
            statistics: statistics
        )
        let error = try #require(await failure { _ = try await client.organization() })
        #expect(error.kind == .unavailable)
        #expect(error.message == "cannot connect to http://127.0.0.1:9: connection refused")
        #expect(statistics.retries.isEmpty && statistics.calls.values.reduce(0, +) == 1)
    }
}

/// A dead address fails at once with words an operator can act on, instead of retrying for 14 s and
/// printing the socket layer's text. "At once" is proven by the count (one attempt, no retry); the clock
/// bound is loose because the first call of a loaded test process also starts the shared event loops.
@Suite(.timeLimit(.minutes(5))) struct AdminAPIUnreachableTests {
    private func failure(_ baseURL: String) async -> (ProvisioningError?, Duration) {
        let statistics = ClientStatistics()
        let client = AdminAPIClient(
            key: AdminAPIKey("sk-ant-admin01-x")!, configuration: .init(baseURL: baseURL), statistics: statistics)
        let started = ContinuousClock.now
        var failure: ProvisioningError?
        do {
            _ = try await client.organization()
        } catch {
            failure = error as? ProvisioningError
        }
        let took = started.duration(to: .now)
        #expect(statistics.retries.isEmpty, "a dead address is never retried")
        #expect(statistics.calls.values.reduce(0, +) == 1)
        return (failure, took)
    }

    @Test func aRefusedConnectionFailsAtOnceAndSaysSo() async throws {
        let port = try freeLoopbackPort()
        let (error, took) = await failure("http://127.0.0.1:\(port)")
        #expect(took < .seconds(6), "\(took)")
        #expect(
            error?.message == "cannot connect to http://127.0.0.1:\(port): connection refused",
            "\(String(describing: error))")
        #expect(error?.kind == .unavailable)
        #expect(error?.message.contains("errno") == false)
    }

    @Test func anUnresolvableNameFailsAtOnceAndSaysSo() async throws {
        let (error, took) = await failure("http://scimify-no-such-host.invalid")
        #expect(took < .seconds(6), "\(took)")
        #expect(
            error?.message == "cannot connect to http://scimify-no-such-host.invalid: the host name does not resolve",
            "\(String(describing: error))")
    }
}
