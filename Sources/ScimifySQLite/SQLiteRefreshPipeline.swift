import Foundation
import GRDB
import ScimifyCore
import ScimifyStorage
import Synchronization

/// The previous mirror and the record links of one instance as read at one stamp of the database.
struct MirrorSnapshot: Sendable {
    let stamp: DatabaseStamp
    let mirror: (members: [Member], invites: [Invite], refreshedAt: Date)?
    let links: [String: RecordLinkPlan.Link]
}

/// SQLite's refresh pipeline: ``load()`` reads a ``MirrorSnapshot`` (stamp first, so a commit in between makes
/// it look stale, never current when it is not); each page is compared with it and its members' record links
/// planned as it arrives (pages that come before the read ends wait for it). The refresh's write uses the work
/// only if the database is still at the snapshot's stamp and the pages add up to the listing.
final class SQLiteRefreshPipeline: MirrorRefreshPipeline {
    let instanceID: Int64
    private let database: ScimifyDatabase

    struct Work: Sendable {
        var snapshot: MirrorSnapshot
        var comparison: MirrorComparison
        var plan: RecordLinkPlan
        var memberRows = 0
        var inviteRows = 0
    }

    private struct State: Sendable {
        var work: Work?
        var failed = false
        var used = false
        var waitingMembers: [[Member]] = []
        var waitingInvites: [[Invite]] = []
    }

    private let state = Mutex(State())

    init(instanceID: Int64, database: ScimifyDatabase) {
        self.instanceID = instanceID
        self.database = database
    }

    func load() async {
        do {
            let snapshot = try await database.snapshot(instanceID: instanceID)
            state.withLock { state in
                var work = Work(
                    snapshot: snapshot,
                    comparison: MirrorComparison(old: snapshot.mirror.map { ($0.members, $0.invites) }),
                    plan: RecordLinkPlan(existing: snapshot.links))
                for page in state.waitingMembers { Self.take(members: page, into: &work) }
                for page in state.waitingInvites { Self.take(invites: page, into: &work) }
                state.waitingMembers = []
                state.waitingInvites = []
                state.work = work
            }
        } catch {
            state.withLock { state in
                state.failed = true
                state.waitingMembers = []
                state.waitingInvites = []
            }
        }
    }

    func members(_ page: [Member]) {
        state.withLock { state in
            if state.work != nil {
                Self.take(members: page, into: &state.work!)
            } else if !state.failed {
                state.waitingMembers.append(page)
            }
        }
    }

    func invites(_ page: [Invite]) {
        state.withLock { state in
            if state.work != nil {
                Self.take(invites: page, into: &state.work!)
            } else if !state.failed {
                state.waitingInvites.append(page)
            }
        }
    }

    /// Whether a refresh's write used the work (tests tell the shortcut from the fallback with it).
    var wasUsed: Bool { state.withLock { $0.used } }

    /// Notes that the write used the work.
    func markUsed() { state.withLock { $0.used = true } }

    /// The work done, if the pipeline loaded (hands it over: a pipeline is used once).
    func takeWork() -> Work? {
        state.withLock { state in
            defer { state.work = nil }
            return state.work
        }
    }

    private static func take(members page: [Member], into work: inout Work) {
        work.comparison.add(members: page)
        work.plan.add(members: page)
        work.memberRows += page.count
    }

    private static func take(invites page: [Invite], into work: inout Work) {
        work.comparison.add(invites: page)
        work.inviteRows += page.count
    }
}

extension ScimifyDatabase {
    /// Reads an instance's ``MirrorSnapshot``; the stamp is taken on the writer before the read begins.
    func snapshot(instanceID: Int64) async throws -> MirrorSnapshot {
        let stamp = try await writer.writeWithoutTransaction { db in try DatabaseStamp.current(db, counter: commits) }
        return try await writer.read { db in
            MirrorSnapshot(
                stamp: stamp, mirror: try Self.readMirror(instanceID: instanceID, db),
                links: try RecordLinker.readLinks(instanceID: instanceID, db))
        }
    }
}
