import Foundation
import ScimifyCore

/// Dates and durations as the console prints them (UTC, fixed width).
enum ConsoleFormat {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// `2026-06-12`
    static func day(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year ?? 0, c.month ?? 0, c.day ?? 0)
    }

    /// `2026-06-12 09:14:03`
    static func time(_ date: Date) -> String {
        day(date) + " " + clock(date)
    }

    /// `HH:MM:SS` UTC.
    static func clock(_ date: Date) -> String {
        let c = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// `3m ago`, `2h ago`, `4d ago`.
    static func ago(_ date: Date, now: Double) -> String {
        let seconds = max(0, Int(now - date.timeIntervalSince1970))
        if seconds < 60 { return "\(seconds)s ago" }
        if seconds < 3600 { return "\(seconds / 60)m ago" }
        if seconds < 86_400 { return "\(seconds / 3600)h ago" }
        return "\(seconds / 86_400)d ago"
    }

    /// The EXPIRES column of an invite and its style: words carry the meaning, colour only repeats it.
    static func expiry(_ invite: Invite, _ state: ConsoleState) -> (text: String, style: CellStyle) {
        let left = invite.expiresAt.timeIntervalSince1970 - state.now
        switch invite.status {
        case .accepted: return ("accepted", .ok)
        case .deleted: return ("cancelled", .muted)
        default: break
        }
        if invite.isExpired(at: state.date) {
            let days = Int((-left) / 86_400)
            return ("✗ expired \(days)d ago", .error)
        }
        let hours = Int(left / 3600)
        if invite.isExpiringSoon(at: state.date) {
            let days = Int(left / 86_400)
            let text =
                hours < 24 ? "! in \(hours) hour\(hours == 1 ? "" : "s")" : "! in \(days) day\(days == 1 ? "" : "s")"
            return (text, CellStyle(tone: .pending, bold: true))
        }
        let days = Int(left / 86_400)
        return ("in \(days) day\(days == 1 ? "" : "s")", .plain)
    }

    /// The STATUS column word (a pending invite past its expiry shows as expired).
    static func status(_ invite: Invite, _ state: ConsoleState) -> (text: String, style: CellStyle) {
        if invite.isExpired(at: state.date) { return ("expired", .error) }
        switch invite.status {
        case .pending: return ("pending", .pending)
        case .accepted: return ("accepted", .ok)
        case .deleted: return ("cancelled", .muted)
        default: return (CellBuffer.sanitized(invite.status.rawValue), .plain)
        }
    }

    static func outcomeStyle(_ outcome: AuditEvent.Outcome) -> CellStyle {
        switch outcome {
        case .ok: .ok
        case .refused: .pending
        case .failed: .error
        case .dryRun: .accent
        }
    }

    /// A problem kind's colour (the kind is always also in words).
    static func kindStyle(_ kind: Problem.Kind) -> CellStyle {
        switch kind {
        case .needsAttention, .heldRemoval, .failedPush, .survivingKeys: .error
        case .drift, .expiring: .pending
        }
    }
}
