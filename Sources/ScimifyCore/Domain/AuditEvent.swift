import Foundation

/// One row of the audit log: who tried to change what, and what happened upstream.
public struct AuditEvent: Hashable, Sendable, Codable {
    /// How an attempted change ended.
    public enum Outcome: String, Sendable, Codable, CaseIterable {
        /// Done (or found already done).
        case ok
        /// Refused by a rule of Scimify or by the API.
        case refused
        /// Failed upstream (outage, credentials); not done.
        case failed
        /// Recorded in a dry-run instance; nothing was sent upstream.
        case dryRun = "dry-run"
    }

    public var id: Int64?
    public var at: Date
    public var instanceID: Int64?
    public var instanceSlug: String?
    /// `scim:<instance>`, `console:<user>`, `cli:<user>`.
    public var actor: String
    /// `invite.create`, `invite.delete`, `invite.reinvite`, `member.update_role`, `member.delete`, `refresh`, ...
    public var action: String
    public var targetEmail: String?
    public var outcome: Outcome
    public var requestIDs: [String]
    /// The operator-readable summary of what happened (for `ok` / `dry-run`) or the error text.
    public var detail: String
    /// The identity provider's own request id, when it sent one.
    public var idpRequestID: String?
    /// Shared by every item of one bulk action (console marks), so the log shows what ran together.
    public var batchID: String?
    /// What a failed or refused change asked Claude for (``RequestedChange``), so a retry re-sends exactly
    /// that; `nil` on every other row.
    public var requested: RequestedChange?

    public init(
        id: Int64? = nil,
        at: Date,
        instanceID: Int64?,
        instanceSlug: String?,
        actor: String,
        action: String,
        targetEmail: String?,
        outcome: Outcome,
        requestIDs: [String] = [],
        detail: String,
        idpRequestID: String? = nil,
        batchID: String? = nil,
        requested: RequestedChange? = nil
    ) {
        self.id = id
        self.at = at
        self.instanceID = instanceID
        self.instanceSlug = instanceSlug
        self.actor = actor
        self.action = action
        self.targetEmail = targetEmail
        self.outcome = outcome
        self.requestIDs = requestIDs
        self.detail = detail
        self.idpRequestID = idpRequestID
        self.batchID = batchID
        self.requested = requested
    }
}
