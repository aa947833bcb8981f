import Foundation

/// Something an operator must look at, with what caused it and what to do.
public struct Problem: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A change refused part-way (an intent that needs attention): never replayed on its own.
        case needsAttention = "needs_attention"
        /// A removal from the IdP held by the mass-removal guard: Claude is untouched until approved.
        case heldRemoval = "held_removal"
        /// A SCIM request that ended in an error for the IdP; cleared by a later successful push.
        case failedPush = "failed_push"
        /// Claude and the IdP's last word disagree.
        case drift
        /// An IdP-managed person's invite expires within 72 hours.
        case expiring
        /// API keys of a person the IdP removed keep working (the instance reports them rather than
        /// deactivating them, or deactivating them failed).
        case survivingKeys = "surviving_keys"

        /// The kind in words.
        public var words: String {
            switch self {
            case .needsAttention: "needs attention"
            case .heldRemoval: "held removal"
            case .failedPush: "failed push"
            case .drift: "drift"
            case .expiring: "expiring"
            case .survivingKeys: "surviving keys"
            }
        }
    }

    public var id: String
    public var kind: Kind
    public var email: String
    public var since: Date
    /// The cause, in one sentence.
    public var cause: String
    /// What the operator can do about it.
    public var remedy: String
    /// Anthropic request-ids of the calls behind it.
    public var requestIDs: [String]
    /// The IdP's own request id, when the problem came from a SCIM request.
    public var idpRequestID: String?
    /// What a failed push asked Claude for: a retry re-sends exactly that (`nil`: it cannot be re-sent).
    public var requested: RequestedChange?

    public init(
        id: String, kind: Kind, email: String, since: Date, cause: String, remedy: String,
        requestIDs: [String] = [], idpRequestID: String? = nil, requested: RequestedChange? = nil
    ) {
        self.id = id
        self.kind = kind
        self.email = email
        self.since = since
        self.cause = cause
        self.remedy = remedy
        self.requestIDs = requestIDs
        self.idpRequestID = idpRequestID
        self.requested = requested
    }
}

extension Problem {
    /// An intent that needs attention, as a problem.
    public init(_ waiting: AttentionIntent) {
        let intent = waiting.intent
        self.init(
            id: intent.id, kind: .needsAttention, email: intent.email, since: waiting.since, cause: waiting.reason,
            remedy: "retry (scimify problems retry \(intent.id)) invites \(intent.email) as \(intent.newRole) again; "
                + "dismiss (scimify problems dismiss \(intent.id) --reason TEXT) keeps things as they are",
            requestIDs: waiting.requestIDs)
    }

    /// A removal held by the guard, as a problem.
    public init(_ held: HeldRemoval) {
        self.init(
            id: held.id, kind: .heldRemoval, email: held.email, since: held.heldAt, cause: held.reason,
            remedy: "approve (scimify problems approve \(held.id)) removes \(held.email) from Claude now; "
                + "dismiss (scimify problems dismiss \(held.id) --reason TEXT) keeps the person",
            idpRequestID: held.idpRequestID)
    }
}
