import Foundation
import ScimifyCore
import ScimifyStorage
import Synchronization

/// Refresh users as an operator runs it: list everything first and show what importing would change, then
/// import exactly the listing that was previewed, as long as it is recent (``previewLifetime``); an older
/// preview is listed again, since Claude may have moved on. Used by the console; the CLI imports at once.
public final class RefreshSession: Sendable {
    /// How long a previewed listing may be imported as it is.
    public static let previewLifetime: TimeInterval = 600

    private let refresher: Refresher
    private let readMirror: @Sendable (Int64) async throws -> (members: [Member], invites: [Invite], refreshedAt: Date)?
    private let actorName: String
    private let previewed = Mutex<Refresher.Listing?>(nil)

    public init(runtime: InstanceRuntime, actorName: String) {
        refresher = runtime.refresher
        let store = runtime.store
        readMirror = { try await store.mirror(instanceID: $0) }
        self.actorName = actorName
    }

    /// A session over any refresher and mirror (unit tests use fakes of both).
    public init(refresher: Refresher, mirror: any MirrorReader, actorName: String) {
        self.refresher = refresher
        readMirror = { try await mirror.mirror(instanceID: $0) }
        self.actorName = actorName
    }

    /// Lists members and invites and returns the listing's totals with the diff against the mirror.
    public func preview(progress: (@Sendable (Refresher.Progress) -> Void)? = nil) async throws -> String {
        let listing = try await refresher.list(actor: actorName, progress: progress)
        let current = try await readMirror(refresher.instance.id)
        let diff = MirrorDiff.compute(
            old: current.map { ($0.members, $0.invites) }, members: listing.members, invites: listing.invites)
        previewed.withLock { $0 = listing }
        return "\(listing.members.count) members and \(listing.invites.count) invites listed; \(diff.summary)"
    }

    /// Imports the previewed listing if it is recent, otherwise lists again and imports that.
    public func apply(now: Date = Date(), progress: (@Sendable (Refresher.Progress) -> Void)? = nil) async throws
        -> RefreshReport
    {
        let listing = previewed.withLock { listing in
            defer { listing = nil }
            return listing
        }
        if let listing, now.timeIntervalSince(listing.listedAt) < Self.previewLifetime {
            return try await refresher.apply(listing, actor: actorName)
        }
        return try await refresher.run(actor: actorName, progress: progress)
    }
}

/// The mirror read a refresh preview compares with (the store; a fake in unit tests).
public protocol MirrorReader: Sendable {
    func mirror(instanceID: Int64) async throws -> (members: [Member], invites: [Invite], refreshedAt: Date)?
}
