import Foundation
import ScimifyCore

/// A member held by the simulator.
struct SimMember: Sendable {
    let id: String
    let seq: Int
    var email: String
    var name: String
    var role: String
    let addedAt: Date

    func json() -> SimUserJSON {
        SimUserJSON(
            id: id,
            email: email,
            name: name,
            role: role,
            added_at: SimTimestamp.format(addedAt, fractional: seq % 2 == 0)
        )
    }
}

/// An invite held by the simulator; its status depends on the simulated clock.
struct SimInvite: Sendable {
    let id: String
    let seq: Int
    let email: String
    let role: String
    var invitedAt: Date
    var acceptedAt: Date?
    var deleted = false

    static let lifetime: TimeInterval = 21 * 86_400

    var expiresAt: Date { invitedAt.addingTimeInterval(Self.lifetime) }

    func status(now: Date) -> String {
        if deleted { return "deleted" }
        if acceptedAt != nil { return "accepted" }
        return now >= expiresAt ? "expired" : "pending"
    }

    func json(now: Date) -> SimInviteJSON {
        SimInviteJSON(
            id: id,
            email: email,
            role: role,
            invited_at: SimTimestamp.format(invitedAt, fractional: false),
            expires_at: SimTimestamp.format(expiresAt, fractional: false),
            accepted_at: acceptedAt.map { SimTimestamp.format($0, fractional: true) },
            status: status(now: now)
        )
    }
}

/// RFC 3339 text for the simulator's timestamps, with microseconds on some records as the real API does.
enum SimTimestamp {
    static func format(_ date: Date, fractional: Bool) -> String { RFC3339Text.format(date, fractional: fractional) }
}
