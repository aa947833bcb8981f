import Foundation

/// An organization invite, as the Admin API returns it.
public struct Invite: Hashable, Sendable, Codable {
    public var id: String
    public var email: String
    public var role: ClaudeRole
    public var status: InviteStatus
    public var invitedAt: Date
    public var expiresAt: Date
    public var acceptedAt: Date?

    public init(
        id: String,
        email: String,
        role: ClaudeRole,
        status: InviteStatus,
        invitedAt: Date,
        expiresAt: Date,
        acceptedAt: Date? = nil
    ) {
        self.id = id
        self.email = email
        self.role = role
        self.status = status
        self.invitedAt = invitedAt
        self.expiresAt = expiresAt
        self.acceptedAt = acceptedAt
    }

    /// Whole days until the invite expires, rounded down; negative once it has expired.
    /// - Parameter now: the current time.
    public func daysToExpiry(now: Date) -> Int {
        Int((expiresAt.timeIntervalSince(now) / 86_400).rounded(.down))
    }

    /// How close to its expiry a pending invite is flagged (readiness, the console).
    public static let expiringSoonWindow: TimeInterval = 72 * 3600

    /// Pending and not yet past its expiry: the only state in which it can be cancelled or changed.
    public func isOpen(at now: Date) -> Bool { status == .pending && expiresAt > now }

    /// Expired, or still pending in a listing but past its expiry.
    public func isExpired(at now: Date) -> Bool { status == .expired || (status == .pending && expiresAt <= now) }

    /// Open and expiring within ``expiringSoonWindow``.
    public func isExpiringSoon(at now: Date) -> Bool {
        isOpen(at: now) && expiresAt.timeIntervalSince(now) <= Self.expiringSoonWindow
    }
}

/// The state of an invite; values the API adds later are kept as ``unknown(_:)``.
public enum InviteStatus: Hashable, Sendable, Codable, CustomStringConvertible {
    case pending, accepted, expired, deleted
    case unknown(String)

    public init(rawValue: String) {
        switch rawValue {
        case "pending": self = .pending
        case "accepted": self = .accepted
        case "expired": self = .expired
        case "deleted": self = .deleted
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .pending: "pending"
        case .accepted: "accepted"
        case .expired: "expired"
        case .deleted: "deleted"
        case .unknown(let value): value
        }
    }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
