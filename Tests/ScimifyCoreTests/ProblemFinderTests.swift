import Foundation
import ScimifyCore
import Testing

/// Problems that follow from state: failed pushes, drift and expiring invites, from records, mirror and audit.
@Suite struct ProblemFinderTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)
    let finder = ProblemFinder(now: now)

    static func record(
        _ email: String, active: Bool = true, role: ClaudeRole? = .user, inviteID: String? = nil, pushed: Bool = true
    ) -> ScimRecord {
        ScimRecord(
            id: "rec-\(email)", instanceID: 1, userName: email, active: active, requestedRole: role, inviteID: inviteID,
            source: .scim, createdAt: now, updatedAt: now, pushedByIdPAt: pushed ? now : nil)
    }

    static func audit(
        _ id: Int64, _ email: String, _ outcome: AuditEvent.Outcome, actor: String = "scim:acme", minutesAgo: Double
    ) -> AuditEvent {
        AuditEvent(
            id: id, at: now.addingTimeInterval(-minutesAgo * 60), instanceID: 1, instanceSlug: "acme", actor: actor,
            action: "invite.create", targetEmail: email, outcome: outcome, requestIDs: ["req_\(id)"],
            detail: "detail \(id)",
            idpRequestID: "okta-\(id)")
    }

    static func invite(_ email: String, _ role: ClaudeRole, id: String, expiresInHours: Double) -> Invite {
        Invite(
            id: id, email: email, role: role, status: .pending, invitedAt: now.addingTimeInterval(-86_400),
            expiresAt: now.addingTimeInterval(expiresInHours * 3600))
    }

    @Test func aFailedPushIsTheLatestScimRequestOfAPersonAndASuccessClearsIt() {
        let audit = [  // newest first
            Self.audit(5, "a@acme.example", .ok, minutesAgo: 1),
            Self.audit(4, "b@acme.example", .refused, minutesAgo: 2),
            Self.audit(3, "a@acme.example", .failed, minutesAgo: 3),
            Self.audit(2, "c@acme.example", .failed, actor: "cli:ops", minutesAgo: 4),
        ]
        let problems = finder.find(records: [], members: nil, invites: [], audit: audit, skip: [])
        #expect(problems.map(\.id) == ["push-4"])
        #expect(
            problems.first?.kind == .failedPush && problems.first?.requestIDs == ["req_4"]
                && problems.first?.idpRequestID == "okta-4")
    }

    /// A failed push keeps what the IdP asked for; an operator's successful retry closes it, a failed retry
    /// leaves it open under the push's id.
    @Test func aFailedPushCarriesWhatWasAskedAndARetryClosesItOnlyWhenMade() {
        var failed = Self.audit(3, "a@acme.example", .failed, minutesAgo: 3)
        failed.requested = RequestedChange(.remove, updatesRecord: true)
        var retry = Self.audit(4, "a@acme.example", .failed, actor: "cli:ops", minutesAgo: 2)
        retry.action = ProblemFinder.retryAction
        let open = finder.find(records: [], members: nil, invites: [], audit: [retry, failed], skip: [])
        #expect(open.map(\.id) == ["push-3"] && open.first?.requested == failed.requested)
        #expect(open.first?.remedy.contains("remove from Claude") == true, "\(open)")
        retry.outcome = .ok
        #expect(finder.find(records: [], members: nil, invites: [], audit: [retry, failed], skip: []).isEmpty)
        // A refusal before any call has nothing to re-send, and says so.
        let refused = Self.audit(5, "b@acme.example", .refused, minutesAgo: 1)
        let remedy = finder.find(records: [], members: nil, invites: [], audit: [refused], skip: []).first?.remedy
        #expect(remedy?.contains("correct it in the IdP") == true)
    }

    @Test func requestedChangesReadBackFromTheirStoredText() {
        let all: [RequestedChange] = [
            .init(.provision(nil), updatesRecord: false), .init(.provision(.developer), updatesRecord: true),
            .init(.setRole(.billing), updatesRecord: true), .init(.remove, updatesRecord: false),
        ]
        #expect(all.map(\.storedText) == ["provision", "provision:developer;record", "role:billing;record", "remove"])
        #expect(all.map { RequestedChange(storedText: $0.storedText) } == all)
        for text in ["", "role", "role:admin2", "remove:user", "provision:", "delete", ";record"] {
            #expect(RequestedChange(storedText: text) == nil, "\(text)")
        }
        let record = Self.record("a@acme.example", active: true, role: .user)
        let removed = RequestedChange(.remove, updatesRecord: true).applied(to: record, at: Self.now)
        #expect(!removed.active && removed.requestedRole == .user)
        let promoted = RequestedChange(.setRole(.developer), updatesRecord: true).applied(
            to: Self.record("a@acme.example", active: false), at: Self.now)
        #expect(promoted.active && promoted.requestedRole == .developer)
    }

    @Test func driftExpiringAndQuietPeople() {
        let members = [
            Member(id: "u1", email: "role@acme.example", name: "R", role: .developer, addedAt: Self.now),
            Member(id: "u2", email: "fine@acme.example", name: "F", role: .user, addedAt: Self.now),
            Member(id: "u3", email: "left@acme.example", name: "L", role: .user, addedAt: Self.now),
        ]
        var expired = Self.invite("expired@acme.example", .billing, id: "inv_old", expiresInHours: -5)
        expired.status = .expired
        let invites = [
            expired, Self.invite("soon@acme.example", .user, id: "inv_soon", expiresInHours: 30),
            Self.invite("later@acme.example", .user, id: "inv_later", expiresInHours: 300),
        ]
        let records = [
            Self.record("role@acme.example", role: .billing),
            Self.record("fine@acme.example"),
            Self.record("gone@acme.example"),
            Self.record("expired@acme.example", role: .billing, inviteID: "inv_old"),
            Self.record("soon@acme.example"),
            Self.record("later@acme.example"),
            Self.record("left@acme.example", active: false),
            Self.record("imported@acme.example", pushed: false),
            Self.record("held@acme.example"),
        ]
        let problems = finder.find(
            records: records, members: members, invites: invites, audit: [], skip: ["held@acme.example"])
        let byEmail = Dictionary(problems.map { ($0.email, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(
            Set(byEmail.keys) == [
                "role@acme.example", "gone@acme.example", "expired@acme.example", "soon@acme.example",
                "left@acme.example",
            ])
        #expect(byEmail["role@acme.example"]?.cause == "Claude has the role developer; the IdP last sent billing")
        #expect(byEmail["gone@acme.example"]?.cause.contains("neither a member nor a pending invite") == true)
        #expect(byEmail["expired@acme.example"]?.cause.contains("billing invite it created expired") == true)
        #expect(
            byEmail["soon@acme.example"]?.kind == .expiring && byEmail["soon@acme.example"]?.id == "expiring-inv_soon")
        #expect(
            byEmail["left@acme.example"]?.cause.contains(
                "the IdP says inactive, but Claude still has this person as a member") == true)
        #expect(problems.filter { $0.kind == .drift }.allSatisfy { $0.id.hasPrefix("drift-rec-") })
        #expect(
            finder.find(records: records, members: nil, invites: invites, audit: [], skip: []).isEmpty,
            "no mirror: no drift told")
    }

    /// A surviving-keys report closes once every key it named is stopped, one by one from anywhere (the Keys view,
    /// `keys deactivate`), and opens again if one of them is started again; a name mentioning another id is not it.
    @Test func survivingKeysCloseWhenEveryNamedKeyIsStopped() {
        func row(_ id: Int64, _ action: String, _ detail: String, email: String? = nil) -> AuditEvent {
            AuditEvent(
                id: id, at: Self.now.addingTimeInterval(Double(id)), instanceID: 1, instanceSlug: "acme",
                actor: "console:ops", action: action, targetEmail: email, outcome: .ok, detail: detail)
        }
        let report = row(
            10, "offboarding.keys_survive",
            "2 active key(s) created by jane@acme.example survive the removal: ci-deploy (apikey_01Ci, sk...A), "
                + "batch (apikey_01Batch, sk...B); stop one with `scimify keys deactivate ID` [user user_jane]",
            email: "jane@acme.example")
        func open(_ later: [AuditEvent]) -> Bool {
            finder.find(records: [], members: nil, invites: [], audit: later.reversed() + [report], skip: [])
                .contains { $0.kind == .survivingKeys }
        }
        #expect(open([]))
        let first = row(11, "api_key.deactivate", "set apikey_01Ci (ci-deploy, sk...A), created by x, inactive")
        #expect(open([first]), "one of two stopped")
        let decoy = row(12, "api_key.deactivate", "set apikey_01Other (named apikey_01Batch, sk...C) inactive")
        #expect(open([first, decoy]), "a name that mentions the other id does not stop it")
        let second = row(13, "api_key.deactivate", "set apikey_01Batch (batch, sk...B) inactive")
        #expect(!open([first, decoy, second]))
        let restarted = row(14, "api_key.activate", "set apikey_01Ci (ci-deploy, sk...A) active")
        #expect(open([first, decoy, second, restarted]))
        // Stopped before the report was written does not count: the report is newer.
        let earlier = row(5, "api_key.deactivate", "set apikey_01Ci (ci-deploy, sk...A) inactive")
        #expect(
            finder.find(records: [], members: nil, invites: [], audit: [second, report, earlier], skip: [])
                .contains { $0.kind == .survivingKeys })
    }
}
