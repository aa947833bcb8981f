import Foundation
import ScimifyCore

/// Text and JSON renderings of a ``ReadinessReport``.
enum ReadinessRendering {
    static func text(_ report: ReadinessReport, instance: Instance, now: Date) -> String {
        report.textLines(instance: instance).joined(separator: "\n")
    }

    static func json(_ report: ReadinessReport, instance: Instance) -> String {
        let probe: String
        switch report.inviteProbe {
        case .allowed: probe = "allowed"
        case .ssoManaged: probe = "sso_managed"
        case .skipped: probe = "skipped"
        case .inconclusive: probe = "inconclusive"
        }
        return OutputFormat.jsonLine([
            "instance": instance.slug, "go": report.isGo, "verdict": report.verdict, "reasons": report.reasons,
            "warnings": report.warnings, "organization": report.organization?.name,
            "credential_error": report.credentialError?.description, "invite_probe": probe,
            "members_by_role": Dictionary(
                report.membersByRole.map { ($0.role.rawValue, $0.count) }, uniquingKeysWith: +),
            "protected_members": report.protectedMembers.map(\.email),
            "pending_invites": report.pendingInvites.map {
                ["email": $0.invite.email, "days_to_expiry": $0.daysToExpiry] as [String: Any]
            },
            "expiring_within_72h": report.expiringSoon.map(\.email),
            "expired_invites": report.expiredInvites.map(\.email),
            "members_without_record": report.membersWithoutRecord.map(\.email),
            "orphaned_records": report.orphanedRecords.map(\.userName),
            "recent_sso_refusals": report.recentSSORefusals.count,
            "changes_needing_attention": report.needingAttention.map(\.intent.id),
            "changes_unfinished": report.openIntents,
            "open_problems": Dictionary(report.problems.map { ($0.kind.rawValue, 1) }, uniquingKeysWith: +),
        ])
    }
}
