/// The readiness report as text lines, shared by `scimify readiness` and the console's Readiness view.
extension ReadinessReport {
    /// One fact per line, untrusted text neutralized, the verdict last.
    public func textLines(instance: Instance) -> [String] {
        let report = self
        var lines: [String] = ["readiness of \(instance.slug) (\(instance.mode.rawValue))"]
        if let org = report.organization {
            lines.append("credentials: ok, organization \(SafeText.neutralized(org.name)) (\(org.id))")
        } else if let error = report.credentialError {
            lines.append("credentials: FAILED: \(error.description)")
        }
        switch report.inviteProbe {
        case .allowed: lines.append("invite creation: allowed (probe answered already_member; nothing was created)")
        case .ssoManaged: lines.append("invite creation: REFUSED: the SSO configuration automatically manages members")
        case .skipped(let why): lines.append("invite creation: not probed (\(why))")
        case .inconclusive(let why): lines.append("invite creation: unknown (\(SafeText.neutralized(why)))")
        }
        if report.organization != nil {
            let roles = report.membersByRole.map { "\($0.role) \($0.count)" }.joined(separator: ", ")
            lines.append("members by role: \(roles.isEmpty ? "none" : roles)")
            lines.append(
                "protected members (never changed or removed): "
                    + (report.protectedMembers.isEmpty
                        ? "none" : report.protectedMembers.map { "\($0.email) (\($0.role))" }.joined(separator: ", ")))
            lines.append("pending invites: \(report.pendingInvites.count)")
            for (invite, days) in report.pendingInvites.prefix(50) {
                let soon = report.expiringSoon.contains(invite) ? "  (!) expires within 72 hours" : ""
                lines.append(
                    "  \(SafeText.neutralized(invite.email)) \(invite.role), expires in \(days) day\(days == 1 ? "" : "s")\(soon)"
                )
            }
            lines.append("expiring within 72 hours: \(report.expiringSoon.count)")
            lines.append(
                "expired invites: \(report.expiredInvites.count)"
                    + (report.expiredInvites.isEmpty
                        ? ""
                        : " ("
                            + report.expiredInvites.prefix(20).map { SafeText.neutralized($0.email) }.joined(
                                separator: ", ") + ")"))
            lines.append("members with no SCIM record: \(report.membersWithoutRecord.count)")
            lines.append("SCIM records whose member or invite is gone: \(report.orphanedRecords.count)")
            lines.append("SSO/JIT refusals in the audit log (7 days): \(report.recentSSORefusals.count)")
        }
        lines.append(
            "mass-removal guard: \(instance.removalGuard.summary); removals held: \(report.heldRemovals.count)")
        let byKind = Problem.Kind.allCases.compactMap { kind -> String? in
            let count = report.problems.filter { $0.kind == kind }.count
            return count == 0 ? nil : "\(kind.words) \(count)"
        }
        lines.append(
            "open problems: \(report.problems.count)"
                + (byKind.isEmpty ? "" : " (" + byKind.joined(separator: ", ") + ")"))
        if instance.mode == .dryRun {
            lines.append(
                "pushes to apply when this instance enforces: \(report.dryRunPlan) (they show as drift then: retry each)"
            )
        }
        let drift = report.problems.filter { $0.kind == .drift }.count
        if drift > 0, instance.mode == .enforce {
            lines.append(
                "  drift includes what the IdP pushed while in dry-run: retry each (scimify problems list --kind drift)"
            )
        }
        lines.append("changes needing attention: \(report.needingAttention.count)")
        for problem in report.needingAttention.prefix(20) {
            lines.append(
                "  \(SafeText.neutralized(problem.intent.email)): \(problem.intent.oldRole) -> \(problem.intent.newRole) re-invite "
                    + "(problem \(problem.intent.id))")
        }
        for warning in report.warnings { lines.append("warning: \(warning)") }
        lines.append(report.verdict)
        return lines
    }
}
