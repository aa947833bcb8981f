import Foundation

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
    static func format(_ date: Date, fractional: Bool) -> String {
        let total = date.timeIntervalSince1970
        let whole = Int(total.rounded(.down))
        var days = whole / 86_400
        var secondOfDay = whole % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        var text = pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
        text += pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2)
        if fractional {
            text += "." + pad(Int((total - Double(whole)) * 1_000_000), 6)
        }
        return text + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
