import Foundation

/// The store's side of "refresh users": replace an instance's mirror in one transaction and link records.
public protocol MirrorStore: Sendable {
    /// A pipeline that compares a refresh's pages with the previous mirror (and plans record links) while the
    /// listing runs, so the write transaction at the end has little left to do; `nil` when the store has no
    /// such shortcut. Pass it to ``replaceMirror(instanceID:members:invites:at:baseline:audit:)``, which must
    /// use it only if nothing was written since it read, and read again otherwise.
    func mirrorPipeline(instanceID: Int64) -> (any MirrorRefreshPipeline)?

    /// Replaces the mirror of `instanceID` with `members` and `invites`, compares it with the previous one,
    /// links or creates SCIM records (stable ids) for every member and pending invite, marks records whose
    /// member was removed outside Scimify, and writes the audit event made from the report, all in one
    /// transaction (the one write path: no mirror change without its audit row).
    func replaceMirror(
        instanceID: Int64, members: [Member], invites: [Invite], at: Date, baseline: (any MirrorBaseline)?,
        audit: (@Sendable (RefreshReport) -> AuditEvent)?
    ) async throws -> RefreshReport
}

/// A store's reading of an instance's mirror and records taken before a refresh writes (opaque to the core;
/// only the store that made it uses it, and only if it is still current).
public protocol MirrorBaseline: Sendable {}

/// The store's work on each page of a refresh's listing, done while the next page is fetched.
public protocol MirrorRefreshPipeline: MirrorBaseline {
    /// Reads what the pages are compared with. Pages given before it ends wait in memory; a failed read
    /// leaves the pipeline unusable (the write then reads everything itself).
    func load() async
    /// One page of members, as the listing decoded it.
    func members(_ page: [Member])
    /// One page of invites.
    func invites(_ page: [Invite])
}

extension MirrorStore {
    public func mirrorPipeline(instanceID: Int64) -> (any MirrorRefreshPipeline)? { nil }

    /// ``replaceMirror(instanceID:members:invites:at:baseline:audit:)`` without a baseline.
    public func replaceMirror(
        instanceID: Int64, members: [Member], invites: [Invite], at: Date,
        audit: (@Sendable (RefreshReport) -> AuditEvent)?
    ) async throws -> RefreshReport {
        try await replaceMirror(
            instanceID: instanceID, members: members, invites: invites, at: at, baseline: nil, audit: audit)
    }

    /// ``replaceMirror(instanceID:members:invites:at:baseline:audit:)`` without a baseline or an audit row
    /// (fixtures, benchmarks).
    public func replaceMirror(instanceID: Int64, members: [Member], invites: [Invite], at: Date) async throws
        -> RefreshReport
    {
        try await replaceMirror(
            instanceID: instanceID, members: members, invites: invites, at: at, baseline: nil, audit: nil)
    }
}
