import Foundation
import ScimifyCore
import ScimifyRuntime
import Synchronization
import Testing

/// The use cases every front end shares, with fakes for Claude and the store.
@Suite struct RuntimeUseCaseTests {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)
    static let instance = Instance(
        id: 1, slug: "acme", name: "Acme", apiBaseURL: "http://127.0.0.1:1", mode: .enforce, createdAt: now)

    /// A session over one listed member, and its API.
    static func session() -> (RefreshSession, ListingAPI) {
        let api = ListingAPI(members: [Member(id: "u1", email: "a@acme.example", name: "A", role: .user, addedAt: now)])
        let store = MirrorFake()
        let refresher = Refresher(instance: instance, api: api, store: store, recorder: AuditFake())
        return (RefreshSession(refresher: refresher, mirror: store, actorName: "console:ops"), api)
    }

    @Test func refreshImportsExactlyThePreviewedListingWhileItIsRecent() async throws {
        let (session, api) = Self.session()
        let summary = try await session.preview()
        #expect(summary.hasPrefix("1 members and 0 invites listed; first refresh: members +1 new"))
        await api.add(Member(id: "u2", email: "b@acme.example", name: "B", role: .user, addedAt: Self.now))
        // Well inside the lifetime: a loaded machine may take seconds between the preview and the import.
        let report = try await session.apply(now: Date().addingTimeInterval(RefreshSession.previewLifetime / 2))
        #expect(report.memberCount == 1, "the listing the operator saw, not a new one")
        #expect(await api.listings == 1)
    }

    @Test func anOldPreviewIsListedAgainBeforeImporting() async throws {
        let (session, api) = Self.session()
        _ = try await session.preview()
        await api.add(Member(id: "u2", email: "b@acme.example", name: "B", role: .user, addedAt: Self.now))
        let report = try await session.apply(now: Date().addingTimeInterval(RefreshSession.previewLifetime + 1))
        #expect(report.memberCount == 2)
        #expect(await api.listings == 2)
    }

    /// A mirror write that fails (the store went away mid-refresh) still ends the refresh in an audit row, failed.
    @Test func aRefreshWhoseMirrorWriteFailsIsAuditedAsFailed() async throws {
        let api = ListingAPI(members: [
            Member(id: "u1", email: "a@acme.example", name: "A", role: .user, addedAt: Self.now)
        ])
        let store = MirrorFake()
        store.failsWrites = true
        let recorder = AuditFake()
        let refresher = Refresher(instance: Self.instance, api: api, store: store, recorder: recorder)
        await #expect(throws: MirrorFake.WriteFailed.self) { _ = try await refresher.run(actor: "cli:ops") }
        let rows = recorder.events.withLock { $0 }
        #expect(rows.count == 1 && rows.first?.action == "refresh" && rows.first?.outcome == .failed, "\(rows)")
        #expect(
            rows.first?.detail.contains("1 members and 0 invites listed, but the mirror could not be written") == true)
    }

    @Test func refreshTextTellsFirstRefreshNoChangeAndChangesWithALimit() {
        let member = Member(id: "u1", email: "a@acme.example", name: "A", role: .user, addedAt: Self.now)
        let first = MirrorDiff.compute(old: nil, members: [member], invites: [])
        #expect(
            RefreshReportText.lines(Self.report(first), limit: 5).last
                == "first refresh: 1 members and 0 invites imported")
        let none = MirrorDiff.compute(old: ([member], []), members: [member], invites: [])
        #expect(RefreshReportText.lines(Self.report(none), limit: 5).last == "no change since the last refresh")
        let many = (0..<7).map {
            Member(id: "n\($0)", email: "n\($0)@acme.example\u{1b}[2J", name: "N", role: .developer, addedAt: Self.now)
        }
        let changed = MirrorDiff.compute(old: ([member], []), members: many, invites: [])
        let lines = RefreshReportText.lines(Self.report(changed), limit: 5)
        #expect(lines.contains("+ member n0@acme.example\\u{1b}[2J (developer)"))
        #expect(!lines.contains("- member a@acme.example (user) is gone"), "past the limit")
        #expect(lines.last == "… and 3 more (see the audit log)")
        #expect(
            RefreshReportText.lines(Self.report(changed), limit: 20).contains("- member a@acme.example (user) is gone"))
    }

    @Test func theOperatorIsNamedEvenWithoutUSER() {
        #expect(OperatorIdentity.name(environment: ["USER": "ops"]) == "ops")
        #expect(OperatorIdentity.name(environment: ["USER": "root", "SUDO_USER": "alice"]) == "alice")
        #expect(OperatorIdentity.name(environment: ["LOGNAME": "bob"]) == "bob")
        let fallback = OperatorIdentity.name(environment: [:])
        #expect(!fallback.isEmpty && fallback != "unknown")
    }

    static func report(_ diff: MirrorDiff) -> RefreshReport {
        RefreshReport(
            refreshedAt: now, memberCount: 1, inviteCount: 0, pendingInviteCount: 0, diff: diff, recordsCreated: 0,
            recordsMarkedRemoved: 0, recordsLinked: 0, writeSeconds: 0)
    }
}

/// Lists what it holds and counts full listings; no other call is expected.
actor ListingAPI: AdminAPIPort {
    private var members: [Member]
    private(set) var listings = 0

    init(members: [Member]) { self.members = members }

    func add(_ member: Member) { members.append(member) }

    func listAllMembers(progress: (@Sendable (ListingProgress) -> Void)?, pages: (@Sendable ([Member]) -> Void)?)
        async throws -> [Member]
    {
        listings += 1
        progress?(ListingProgress(pages: 1, rows: members.count, requestID: "req_m\(listings)"))
        pages?(members)
        return members
    }

    func listAllInvites(progress: (@Sendable (ListingProgress) -> Void)?, pages: (@Sendable ([Invite]) -> Void)?)
        async throws -> [Invite]
    { [] }
    func organization() async throws -> Traced<Organization> {
        Traced(Organization(id: "org", name: "Acme"), requestID: nil)
    }
    func findMember(email: String) async throws -> Traced<Member?> { Traced(nil, requestID: nil) }
    func findInvites(email: String) async throws -> Traced<[Invite]> { Traced([], requestID: nil) }
    func updateMemberRole(memberID: String, role: ClaudeRole) async throws -> Traced<Member> { throw Unexpected() }
    func removeMember(memberID: String) async throws -> Traced<Void> { throw Unexpected() }
    func createInvite(email: String, role: ClaudeRole) async throws -> Traced<Invite> { throw Unexpected() }
    func deleteInvite(inviteID: String) async throws -> Traced<Void> { throw Unexpected() }

    struct Unexpected: Error {}
}

/// A mirror that keeps the last listing it was given.
final class MirrorFake: MirrorStore, MirrorReader {
    private let stored = Mutex<(members: [Member], invites: [Invite], refreshedAt: Date)?>(nil)
    private let failing = Mutex(false)
    /// Every write fails with ``WriteFailed`` (a store gone away mid-refresh).
    var failsWrites: Bool {
        get { failing.withLock { $0 } }
        set { failing.withLock { $0 = newValue } }
    }
    struct WriteFailed: Error {}

    func mirror(instanceID: Int64) throws -> (members: [Member], invites: [Invite], refreshedAt: Date)? {
        stored.withLock { $0 }
    }

    func replaceMirror(
        instanceID: Int64, members: [Member], invites: [Invite], at: Date, baseline: (any MirrorBaseline)?,
        audit: (@Sendable (RefreshReport) -> AuditEvent)?
    ) async throws -> RefreshReport {
        if failsWrites { throw WriteFailed() }
        let previous = stored.withLock { old in
            defer { old = (members, invites, at) }
            return old
        }
        let diff = MirrorDiff.compute(
            old: previous.map { ($0.members, $0.invites) }, members: members, invites: invites)
        return RefreshReport(
            refreshedAt: at, memberCount: members.count, inviteCount: invites.count, pendingInviteCount: 0,
            diff: diff, recordsCreated: 0, recordsMarkedRemoved: 0, recordsLinked: 0, writeSeconds: 0)
    }
}

/// Keeps audit events.
final class AuditFake: ProvisioningRecorder {
    let events = Mutex<[AuditEvent]>([])

    func record(_ event: AuditEvent, change: RecordedChange?) async throws { events.withLock { $0.append(event) } }

    func beginChange(email: String) async throws {}

    // Keeps no mirror: never trusted, so the core always asks Claude.
    func trustedState(of email: String, now: Date) async throws -> TrustedClaudeState? { nil }
}
