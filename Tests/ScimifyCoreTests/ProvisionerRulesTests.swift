import Foundation
import ScimifyCore
import Testing

@Suite struct ProvisionerRulesTests {
    typealias API = InMemoryAdminAPI

    @Test func newEmailGetsOneInviteWithTheDefaultRoleInOneCall() async throws {
        let api = API()
        let outcome = try await Provisioner(api: api).provision(email: "new@acme.example", role: nil)
        #expect(outcome.change == .invited)
        #expect(outcome.invite?.role == .user)
        #expect(await api.calls == ["createInvite"])
        #expect(outcome.requestIDs == ["req_1"])
    }

    @Test func provisioningTwiceIsIdempotent() async throws {
        let api = API()
        let provisioner = Provisioner(api: api)
        _ = try await provisioner.provision(email: "new@acme.example", role: .developer)
        let second = try await provisioner.provision(email: "NEW@acme.example", role: .developer)
        #expect(second.change == .alreadyInvited)
        #expect(await api.invites.filter { $0.status == .pending }.count == 1)
    }

    @Test func existingMemberWithAbsentRoleIsNeverDowngraded() async throws {
        let api = API(members: [API.member("dev@acme.example", .developer)])
        let outcome = try await Provisioner(api: api).provision(email: "Dev@Acme.example", role: nil)
        #expect(outcome.change == .alreadyMember)
        #expect(await api.members[0].role == .developer)
        #expect(await api.writes() == ["createInvite"])
    }

    @Test func existingMemberWithExplicitDifferentRoleIsUpdated() async throws {
        let api = API(members: [API.member("dev@acme.example", .developer)])
        let outcome = try await Provisioner(api: api).provision(email: "dev@acme.example", role: .billing)
        #expect(outcome.change == .roleUpdated(from: .developer, to: .billing))
        #expect(await api.members[0].role == .billing)
    }

    @Test func existingMemberWithSameExplicitRoleMakesNoUpdate() async throws {
        let api = API(members: [API.member("dev@acme.example", .developer)])
        let outcome = try await Provisioner(api: api).provision(email: "dev@acme.example", role: .developer)
        #expect(outcome.change == .alreadyMember)
        #expect(await api.writes() == ["createInvite"])
    }

    @Test func pendingInviteWithExplicitDifferentRoleIsCancelledAndReinvited() async throws {
        let api = API(invites: [API.invite("p@acme.example", .user)])
        let journal = InMemoryJournal()
        let outcome = try await Provisioner(api: api, journal: journal).provision(
            email: "p@acme.example", role: .developer)
        #expect(outcome.change == .reinvited(from: .user, to: .developer))
        let pending = await api.invites.filter { $0.status == .pending }
        #expect(pending.map(\.role) == [.developer])
        #expect(await journal.begun == 1)
        #expect(await journal.intents.isEmpty)
    }

    @Test func pendingInviteWithAbsentRoleIsKept() async throws {
        let api = API(invites: [API.invite("p@acme.example", .billing)])
        let outcome = try await Provisioner(api: api).provision(email: "p@acme.example", role: nil)
        #expect(outcome.change == .alreadyInvited)
        #expect(outcome.invite?.role == .billing)
    }

    @Test(arguments: ["admin", "Admin", " ADMIN "])
    func adminIsRefusedWithTheDesignMessage(_ text: String) async throws {
        #expect(throws: ProvisioningError.adminNotAssignable()) { try ClaudeRole.requested(text) }
        let api = API()
        await #expect(throws: ProvisioningError.adminNotAssignable()) {
            try await Provisioner(api: api).provision(email: "x@acme.example", role: .admin)
        }
        #expect(await api.calls.isEmpty)
        #expect(
            ProvisioningError.adminNotAssignable().message
                == "admin cannot be assigned through Scimify; create admins directly in Claude")
    }

    @Test(arguments: ["owner", "managed", "superuser", "", "u\u{1B}[31mser"])
    func unknownRolesAreRefusedNamingTheValidOnes(_ text: String) throws {
        do {
            _ = try ClaudeRole.requested(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.kind == .invalidRole)
            #expect(error.message.hasSuffix("valid roles are user, developer, billing, claude_code_user"))
            #expect(!error.message.contains("\u{1B}"))
        }
    }

    @Test func rolesAreMatchedIgnoringCaseAndSpaces() throws {
        #expect(try ClaudeRole.requested(" Developer ") == .developer)
        #expect(try ClaudeRole.requested("CLAUDE_CODE_USER") == .claudeCodeUser)
    }

    @Test func protectedMembersAreNeitherChangedNorRemoved() async throws {
        let api = API(members: [
            API.member("boss@acme.example", .admin), API.member("own@acme.example", ClaudeRole(rawValue: "owner")),
        ])
        let provisioner = Provisioner(api: api)
        await #expect(throws: ProvisioningError.self) {
            try await provisioner.updateRole(email: "boss@acme.example", role: .user)
        }
        do {
            _ = try await provisioner.deprovision(email: "own@acme.example")
            Issue.record("removed an owner")
        } catch let error as ProvisioningError {
            #expect(error.kind == .protectedMember)
            #expect(error.message.contains("owner"))
        }
        await #expect(throws: ProvisioningError.self) {
            try await provisioner.provision(email: "boss@acme.example", role: .developer)
        }
        // An absent role on an existing admin is still success: nothing to change.
        let outcome = try await provisioner.provision(email: "boss@acme.example", role: nil)
        #expect(outcome.change == .alreadyMember)
        #expect(await api.writes().filter { $0 != "createInvite" }.isEmpty)
    }

    @Test func updateRoleOnAMemberAndAnUnchangedRole() async throws {
        let api = API(members: [API.member("m@acme.example", .user)])
        let provisioner = Provisioner(api: api)
        let changed = try await provisioner.updateRole(email: "m@acme.example", role: .claudeCodeUser)
        #expect(changed.change == .roleUpdated(from: .user, to: .claudeCodeUser))
        let same = try await provisioner.updateRole(email: "m@acme.example", role: .claudeCodeUser)
        #expect(same.change == .unchanged)
        #expect(await api.writes() == ["updateMemberRole"])
    }

    @Test func updateRoleOfNobodyIsNotFoundUnlessAskedToInvite() async throws {
        let api = API()
        let provisioner = Provisioner(api: api)
        let error = await #expect(throws: ProvisioningError.self) {
            try await provisioner.updateRole(email: "gone@acme.example", role: .developer)
        }
        #expect(error?.kind == .notFound)
        #expect(error?.message == ProvisioningError.notFound(email: "gone@acme.example").message)
        // The error carries what the lookups found, so the mirror can drop a person Claude no longer has.
        #expect(error?.found == LiveFindings(noMember: true, invites: []))
        let invited = try await provisioner.updateRole(
            email: "gone@acme.example", role: .developer, inviteIfMissing: true)
        #expect(invited.change == .invited)
        #expect(invited.invite?.role == .developer)
    }

    @Test func deprovisionMemberInviteOrNeither() async throws {
        let api = API(members: [API.member("m@acme.example", .user)], invites: [API.invite("i@acme.example", .user)])
        let provisioner = Provisioner(api: api)
        #expect(try await provisioner.deprovision(email: "m@acme.example").change == .memberRemoved)
        #expect(await api.members.isEmpty)
        #expect(try await provisioner.deprovision(email: "i@acme.example").change == .inviteCancelled)
        #expect(await api.invites.allSatisfy { $0.status == .deleted })
        #expect(try await provisioner.deprovision(email: "none@acme.example").change == .nothingToRemove)
    }

    @Test func ssoRefusalIsSurfacedForNewPeopleButExistingMembersStillCount() async throws {
        let api = API(members: [API.member("m@acme.example", .user)])
        await api.setSSOManaged(true)
        let provisioner = Provisioner(api: api)
        do {
            _ = try await provisioner.provision(email: "new@acme.example", role: nil)
            Issue.record("JIT org accepted an invite")
        } catch let error as ProvisioningError {
            #expect(error.kind == .ssoManagesMembers)
            #expect(error.message.contains("Invite only"))
            #expect(error.message.contains("Create users"))
        }
        #expect(try await provisioner.provision(email: "m@acme.example", role: nil).change == .alreadyMember)
        let changed = try await provisioner.provision(email: "m@acme.example", role: .developer)
        #expect(changed.change == .roleUpdated(from: .user, to: .developer))
        #expect(changed.member?.role == .developer)
    }

    @Test func invalidEmailsAreRefusedBeforeAnyCall() async throws {
        let api = API()
        for email in [
            "", "no-at-sign", "a@b", "two@@x.example", "sp ace@x.example",
            String(repeating: "a", count: 400) + "@x.example",
        ] {
            await #expect(throws: ProvisioningError.self) {
                try await Provisioner(api: api).provision(email: email, role: nil)
            }
        }
        #expect(await api.calls.isEmpty)
    }
}
