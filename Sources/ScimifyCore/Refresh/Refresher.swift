import Foundation
import Synchronization

/// Refresh users: lists members and invites concurrently to the end and hands them to the ``MirrorStore``.
public struct Refresher: Sendable {
    public let instance: Instance
    public let api: any AdminAPIPort
    public let store: any MirrorStore
    public let recorder: any ProvisioningRecorder

    public init(instance: Instance, api: any AdminAPIPort, store: any MirrorStore, recorder: any ProvisioningRecorder) {
        self.instance = instance
        self.api = api
        self.store = store
        self.recorder = recorder
    }

    /// Progress of both listings, for the console.
    public struct Progress: Sendable, Equatable {
        public var members = ListingProgress(pages: 0, rows: 0)
        public var invites = ListingProgress(pages: 0, rows: 0)

        public init() {}
    }

    /// Both listings, taken to the end, before anything is written (the console previews their diff).
    public struct Listing: Sendable {
        public let members: [Member]
        public let invites: [Invite]
        public let listedAt: Date
        /// The `request-id` of every page listed, for the audit row.
        public var requestIDs: [String] = []
    }

    /// Runs the refresh and audits it (`refresh`, actor as given).
    /// - Parameters:
    ///   - actor: who asked (`cli:<user>`, `console:<user>`).
    ///   - progress: called with both listings' progress after every page.
    public func run(actor: String, now: Date = Date(), progress: (@Sendable (Progress) -> Void)? = nil) async throws
        -> RefreshReport
    {
        // The store reads the previous mirror while the first pages arrive and compares each page as it comes;
        // a failed read only loses the shortcut.
        let pipeline = store.mirrorPipeline(instanceID: instance.id)
        async let loaded: Void = pipeline?.load() ?? ()
        let listing = try await list(actor: actor, now: now, progress: progress, pipeline: pipeline)
        await loaded
        return try await apply(listing, actor: actor, baseline: pipeline)
    }

    /// Lists members and invites concurrently to the end; a failure is audited.
    /// - Parameter pipeline: given each page as it is decoded.
    public func list(
        actor: String, now: Date = Date(), progress: (@Sendable (Progress) -> Void)? = nil,
        pipeline: (any MirrorRefreshPipeline)? = nil
    ) async throws -> Listing {
        let tracker = ProgressTracker(report: progress)
        var memberPages: (@Sendable ([Member]) -> Void)?
        var invitePages: (@Sendable ([Invite]) -> Void)?
        if let pipeline {
            memberPages = { @Sendable page in pipeline.members(page) }
            invitePages = { @Sendable page in pipeline.invites(page) }
        }
        do {
            async let membersTask = api.listAllMembers(
                progress: { tracker.update(members: $0) }, pages: memberPages)
            async let invitesTask = api.listAllInvites(
                progress: { tracker.update(invites: $0) }, pages: invitePages)
            let (members, invites) = try await (membersTask, invitesTask)
            return Listing(members: members, invites: invites, listedAt: now, requestIDs: tracker.requestIDs)
        } catch let error as ProvisioningError {
            try? await recorder.record(
                refreshEvent(
                    at: now, actor: actor, outcome: error.isRefusal ? .refused : .failed,
                    requestIDs: tracker.requestIDs + (error.requestID.map { [$0] } ?? []), detail: error.message))
            throw error
        }
    }

    /// Replaces the mirror with a listing (one transaction) and audits it in that transaction; a write that fails
    /// is audited as a failed refresh.
    /// - Parameter baseline: the store's reading taken during the listing, if any.
    public func apply(_ listing: Listing, actor: String, baseline: (any MirrorBaseline)? = nil) async throws
        -> RefreshReport
    {
        let (members, invites, now) = (listing.members, listing.invites, listing.listedAt)
        let event = { @Sendable (report: RefreshReport) in
            refreshEvent(
                at: now, actor: actor, outcome: .ok, requestIDs: listing.requestIDs,
                detail: "\(members.count) members, \(invites.count) invites; \(report.diff.summary)")
        }
        do {
            return try await store.replaceMirror(
                instanceID: instance.id, members: members, invites: invites, at: now, baseline: baseline,
                audit: event)
        } catch {
            // The mirror write rolled back with its row: the refresh that listed everything is still audited,
            // as failed, through the recorder (the same rule as a failed listing: every refresh ends in a row).
            try? await recorder.record(
                refreshEvent(
                    at: now, actor: actor, outcome: .failed, requestIDs: listing.requestIDs,
                    detail: "\(members.count) members and \(invites.count) invites listed, but the mirror could not "
                        + "be written: \(SafeText.neutralized("\(error)", limit: 300))"))
            throw error
        }
    }

    /// The `refresh` audit event of this instance.
    private func refreshEvent(
        at now: Date, actor: String, outcome: AuditEvent.Outcome, requestIDs: [String], detail: String
    )
        -> AuditEvent
    {
        AuditEvent(
            at: now, instanceID: instance.id, instanceSlug: instance.slug, actor: actor, action: "refresh",
            targetEmail: nil, outcome: outcome, requestIDs: requestIDs, detail: detail)
    }
}

/// Combines the two listings' progress reports.
private final class ProgressTracker: Sendable {
    private let state = Mutex((progress: Refresher.Progress(), requestIDs: [String]()))
    private let report: (@Sendable (Refresher.Progress) -> Void)?

    init(report: (@Sendable (Refresher.Progress) -> Void)?) { self.report = report }

    /// Every page's request-id so far, in arrival order.
    var requestIDs: [String] { state.withLock { $0.requestIDs } }

    func update(members: ListingProgress? = nil, invites: ListingProgress? = nil) {
        let snapshot = state.withLock { state -> Refresher.Progress in
            if let members { state.progress.members = members }
            if let invites { state.progress.invites = invites }
            for id in [members?.requestID, invites?.requestID].compactMap({ $0 }) { state.requestIDs.append(id) }
            return state.progress
        }
        report?(snapshot)
    }
}
