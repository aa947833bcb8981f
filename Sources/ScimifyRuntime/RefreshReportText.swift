import ScimifyCore

/// What a refresh found, as lines for people: written once for `scimify refresh` and the console's dialog.
public enum RefreshReportText {
    /// Totals, then each change (`+` new, `-` gone, `~` changed), at most `limit` of them, untrusted text
    /// neutralised.
    public static func lines(_ report: RefreshReport, limit: Int) -> [String] {
        let diff = report.diff
        var lines = [
            "\(report.memberCount) members, \(report.pendingInviteCount) pending invites; "
                + "\(report.recordsCreated) SCIM records created, \(report.recordsLinked) linked, "
                + "\(report.recordsMarkedRemoved) marked removed outside Scimify",
            "",
        ]
        if diff.isFirstRefresh {
            lines.append(
                "first refresh: \(diff.newMembers.count) members and \(diff.newInvites.count) invites imported")
            return lines
        }
        var changes: [String] = []
        changes += diff.newMembers.map { "+ member \($0.email) (\($0.role))" }
        changes += diff.removedMembers.map { "- member \($0.email) (\($0.role)) is gone" }
        changes += diff.roleChanges.map { "~ member \($0.member.email): \($0.from) -> \($0.to)" }
        changes += diff.invitesAccepted.map { "+ invite of \($0.email) accepted" }
        changes += diff.newInvites.map { "+ invite \($0.email) (\($0.role))" }
        changes += diff.invitesExpired.map { "- invite of \($0.email) expired" }
        changes += diff.invitesCancelled.map { "- invite of \($0.email) cancelled" }
        if changes.isEmpty {
            lines.append("no change since the last refresh")
        } else {
            lines += changes.prefix(limit).map { SafeText.neutralized($0) }
            if changes.count > limit { lines.append("… and \(changes.count - limit) more (see the audit log)") }
        }
        return lines
    }
}
