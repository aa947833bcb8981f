import Foundation
import GRDB
import ScimifyCore
import ScimifyTestSupport
import Testing

@testable import ScimifyStore

/// The refresh reads the previous mirror and the records while it lists (``MirrorStore/mirrorBaseline``); the
/// write at the end may use that reading only if nothing was committed since, from this process or another.
@Suite struct RefreshBaselineTests {
    let at = Date(timeIntervalSince1970: 1_800_000_000)

    func member(_ name: String, _ role: ClaudeRole = .user) -> Member {
        Member(id: "user_\(name)", email: "\(name)@example.com", name: name, role: role, addedAt: at)
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

    @Test func aBaselineTakenBeforeAnInProcessWriteIsReadAgain() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (database, instanceID) = try open(dir)
        let members = [member("ann"), member("bob")]
        let first = try await database.replaceMirror(instanceID: instanceID, members: members, invites: [], at: at)
        #expect(first.recordsCreated == 2)
        let baseline = try await database.mirrorBaseline(instanceID: instanceID)
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM scim_record WHERE email_key = 'ann@example.com'")
        }
        let second = try await database.replaceMirror(
            instanceID: instanceID, members: members, invites: [], at: at, baseline: baseline, audit: nil)
        #expect(second.recordsCreated == 1, "the stale baseline still had ann's deleted record")
        #expect(try recordCount(database) == 2)
    }

    @Test func aBaselineTakenBeforeAnotherConnectionsWriteIsReadAgain() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (database, instanceID) = try open(dir)
        _ = try await database.replaceMirror(instanceID: instanceID, members: [member("ann")], invites: [], at: at)
        let baseline = try await database.mirrorBaseline(instanceID: instanceID)
        let other = try ScimifyDatabase(path: dir.file("db.sqlite"), environment: [:])
        try await other.writer.write { db in
            try db.execute(sql: "UPDATE mirror_member SET role = 'developer' WHERE id = 'user_ann'")
        }
        let report = try await database.replaceMirror(
            instanceID: instanceID, members: [member("ann")], invites: [], at: at, baseline: baseline, audit: nil)
        #expect(report.diff.roleChanges.map(\.to) == [.user], "the role written by the other process went unseen")
        #expect(try database.mirror(instanceID: instanceID)?.members.map(\.role) == [.user])
    }

    @Test func aCurrentBaselineGivesTheSameResultAsReadingInTheTransaction() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let (database, instanceID) = try open(dir)
        _ = try await database.replaceMirror(
            instanceID: instanceID, members: [member("ann"), member("bob")], invites: [], at: at)
        let baseline = try await database.mirrorBaseline(instanceID: instanceID)
        let now = [member("ann", .developer), member("cy")]
        let report = try await database.replaceMirror(
            instanceID: instanceID, members: now, invites: [], at: at, baseline: baseline, audit: nil)
        #expect(report.diff.newMembers.map(\.id) == ["user_cy"])
        #expect(report.diff.removedMembers.map(\.id) == ["user_bob"])
        #expect(report.diff.roleChanges.map(\.member.id) == ["user_ann"])
        #expect(report.recordsCreated == 1)
        #expect(report.recordsMarkedRemoved == 1)
        #expect(try database.mirror(instanceID: instanceID)?.members.map(\.id).sorted() == ["user_ann", "user_cy"])
        // A baseline of another instance is never used for this one.
        let otherInstance = try database.addInstance(
            name: "Other", apiBaseURL: "http://127.0.0.1:1", apiKey: "sk-other", mode: .enforce)
        let foreign = try await database.mirrorBaseline(instanceID: instanceID)
        let fresh = try await database.replaceMirror(
            instanceID: otherInstance.instance.id, members: [member("dee")], invites: [], at: at, baseline: foreign,
            audit: nil)
        #expect(fresh.diff.isFirstRefresh)
        #expect(fresh.recordsCreated == 1)
    }

    func recordCount(_ database: ScimifyDatabase) throws -> Int {
        try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM scim_record") ?? 0 }
    }
}
