import Foundation
import GRDB
import ScimifyCore
import ScimifyStorage
import ScimifyTestSupport
import Testing

@testable import ScimifySQLite

/// The refresh reads the previous mirror and the records while it lists and compares each page as it arrives
/// (``MirrorStore/mirrorPipeline(instanceID:)``); the write at the end may use that work only if nothing was
/// committed since the read, from this process or another, and the pages are the listing.
@Suite struct RefreshPipelineTests {
    let at = Date(timeIntervalSince1970: 1_800_000_000)

    func member(_ name: String, _ role: ClaudeRole = .user) -> Member {
        Member(id: "user_\(name)", email: "\(name)@example.com", name: name, role: role, addedAt: at)
    }

    func invite(_ name: String) -> Invite {
        Invite(
            id: "invite_\(name)", email: "\(name)@example.com", role: .user, status: .pending, invitedAt: at,
            expiresAt: at.addingTimeInterval(86_400 * 21))
    }

    func open(_ dir: TemporaryDirectory) throws -> (ScimifyDatabase, Int64) {
        let database = try ScimifyDatabase(path: dir.file("db.sqlite"), environment: [:])
        let created = try database.addInstance(
            name: "Acme", apiBaseURL: "http://127.0.0.1:1", apiKey: "sk-test", mode: .enforce)
        return (database, created.instance.id)
    }

    func stamp(_ database: ScimifyDatabase) async throws -> DatabaseStamp {
        try await database.writer.writeWithoutTransaction { db in
            try DatabaseStamp.current(db, counter: database.commits)
        }
    }

    /// A pipeline fed with `members` and `invites` in pages of two, loaded after the first page.
    func pipeline(_ database: ScimifyDatabase, _ instanceID: Int64, _ members: [Member], _ invites: [Invite] = [])
        async throws -> any MirrorRefreshPipeline
    {
        let pipeline = try #require(database.mirrorPipeline(instanceID: instanceID))
        let pages = stride(from: 0, to: members.count, by: 2).map { Array(members[$0..<min($0 + 2, members.count)]) }
        pipeline.members(pages.first ?? [])
        await pipeline.load()
        for page in pages.dropFirst() { pipeline.members(page) }
        pipeline.invites(invites)
        return pipeline
    }

    @Test func theStampMovesOnEveryCommitFromAnyConnectionAndOnlyThen() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (database, _) = try open(dir)
        let first = try await stamp(database)
        _ = try database.auditEvents()
        #expect(try await stamp(database) == first, "a read moved the stamp")
        try await database.writer.write { db in
            try db.execute(sql: "INSERT INTO problem_dismissal VALUES (1, 'p1', 'x', 1)")
        }
        let afterOwnWrite = try await stamp(database)
        #expect(afterOwnWrite != first)
        #expect(afterOwnWrite.commits == first.commits + 1)
        let other = try ScimifyDatabase(path: dir.file("db.sqlite"), environment: [:])
        try await other.writer.write { db in
            try db.execute(sql: "INSERT INTO problem_dismissal VALUES (1, 'p2', 'x', 1)")
        }
        let afterOtherWrite = try await stamp(database)
        #expect(afterOtherWrite.dataVersion != afterOwnWrite.dataVersion, "another connection's commit went unseen")
    }

    @Test func workDoneBeforeAnInProcessWriteIsDoneAgain() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (database, instanceID) = try open(dir)
        let members = [member("ann"), member("bob")]
        let first = try await database.replaceMirror(instanceID: instanceID, members: members, invites: [], at: at)
        #expect(first.recordsCreated == 2)
        let pipeline = try await pipeline(database, instanceID, members)
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM scim_record WHERE email_key = 'ann@example.com'")
        }
        let second = try await database.replaceMirror(
            instanceID: instanceID, members: members, invites: [], at: at, baseline: pipeline, audit: nil)
        #expect(second.recordsCreated == 1, "the stale pipeline still had ann's deleted record")
        #expect(!(try #require(pipeline as? SQLiteRefreshPipeline)).wasUsed)
        #expect(try recordCount(database) == 2)
    }

    @Test func workDoneBeforeAnotherConnectionsWriteIsDoneAgain() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (database, instanceID) = try open(dir)
        _ = try await database.replaceMirror(instanceID: instanceID, members: [member("ann")], invites: [], at: at)
        let pipeline = try await pipeline(database, instanceID, [member("ann")])
        let other = try ScimifyDatabase(path: dir.file("db.sqlite"), environment: [:])
        try await other.writer.write { db in
            try db.execute(sql: "UPDATE mirror_member SET role = 'developer' WHERE id = 'user_ann'")
        }
        let report = try await database.replaceMirror(
            instanceID: instanceID, members: [member("ann")], invites: [], at: at, baseline: pipeline, audit: nil)
        #expect(report.diff.roleChanges.map(\.to) == [.user], "the role written by the other process went unseen")
        #expect(!(try #require(pipeline as? SQLiteRefreshPipeline)).wasUsed)
        #expect(try database.mirror(instanceID: instanceID)?.members.map(\.role) == [.user])
    }

    /// Pages given before and after the read, members and invites: the same report and rows as comparing the
    /// whole listing inside the transaction.
    @Test func currentWorkGivesTheSameResultAsReadingInTheTransaction() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (database, instanceID) = try open(dir)
        let before = [member("ann"), member("bob"), member("cy"), member("dee"), member("eve")]
        _ = try await database.replaceMirror(
            instanceID: instanceID, members: before, invites: [invite("fay"), invite("gus")], at: at)
        let now = [member("ann", .developer), member("cy"), member("dee"), member("fay"), member("hal")]
        let invites = [invite("gus"), invite("ida")]
        let pipeline = try await pipeline(database, instanceID, now, invites)
        let report = try await database.replaceMirror(
            instanceID: instanceID, members: now, invites: invites, at: at, baseline: pipeline, audit: nil)
        #expect((try #require(pipeline as? SQLiteRefreshPipeline)).wasUsed, "the write compared everything itself")
        #expect(report.diff.newMembers.map(\.id) == ["user_fay", "user_hal"])
        #expect(report.diff.removedMembers.map(\.id).sorted() == ["user_bob", "user_eve"])
        #expect(report.diff.roleChanges.map(\.member.id) == ["user_ann"])
        #expect(report.diff.invitesAccepted.map(\.id) == ["invite_fay"])
        #expect(report.diff.newInvites.map(\.id) == ["invite_ida"])
        #expect(report.recordsCreated == 2)  // hal and ida
        #expect(report.recordsLinked == 1)  // fay's invite record now points at her member
        #expect(report.recordsMarkedRemoved == 2)  // bob and eve
        let mirror = try #require(try database.mirror(instanceID: instanceID))
        #expect(Set(mirror.members.map(\.id)) == Set(now.map(\.id)))
        #expect(mirror.invites.map(\.id).sorted() == ["invite_gus", "invite_ida"])
        // The same listing compared inside the transaction, on a copy of the same history, gives the same report.
        let copyDir = try TemporaryDirectory()
        defer { copyDir.remove() }
        let (copy, copyID) = try open(copyDir)
        _ = try await copy.replaceMirror(
            instanceID: copyID, members: before, invites: [invite("fay"), invite("gus")], at: at)
        let direct = try await copy.replaceMirror(instanceID: copyID, members: now, invites: invites, at: at)
        #expect(direct.diff == report.diff)
        let directCounts: [Int] = [direct.recordsCreated, direct.recordsLinked, direct.recordsMarkedRemoved]
        #expect(directCounts == [report.recordsCreated, report.recordsLinked, report.recordsMarkedRemoved])
    }

    @Test func pagesThatAreNotTheListingOrAnotherInstancesPipelineAreNotUsed() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (database, instanceID) = try open(dir)
        _ = try await database.replaceMirror(
            instanceID: instanceID, members: [member("ann"), member("bob")], invites: [], at: at)
        // The pipeline saw only ann; the listing has ann and cy: bob's removal must still be found.
        let partial = try await pipeline(database, instanceID, [member("ann")])
        let report = try await database.replaceMirror(
            instanceID: instanceID, members: [member("ann"), member("cy")], invites: [], at: at, baseline: partial,
            audit: nil)
        #expect(report.diff.removedMembers.map(\.id) == ["user_bob"])
        #expect(report.diff.newMembers.map(\.id) == ["user_cy"])
        #expect(!(try #require(partial as? SQLiteRefreshPipeline)).wasUsed)
        // Another instance's pipeline is never used for this one.
        let other = try database.addInstance(
            name: "Other", apiBaseURL: "http://127.0.0.1:1", apiKey: "sk-other", mode: .enforce)
        let foreign = try await pipeline(database, instanceID, [member("dee")])
        let fresh = try await database.replaceMirror(
            instanceID: other.instance.id, members: [member("dee")], invites: [], at: at, baseline: foreign,
            audit: nil)
        #expect(fresh.diff.isFirstRefresh)
        #expect(fresh.recordsCreated == 1)
    }

    func recordCount(_ database: ScimifyDatabase) throws -> Int {
        try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM scim_record") ?? 0 }
    }
}
