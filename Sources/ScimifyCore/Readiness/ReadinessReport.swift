import Foundation

/// "Is this organization ready for the IdP to be switched on?": the facts and a GO / NO-GO verdict.
public struct ReadinessReport: Sendable {
    /// The result of the credential check.
    public var organization: Organization?
    public var credentialError: ProvisioningError?
    /// What the invite-creation probe found (see ``ReadinessCheck``).
    public var inviteProbe: InviteProbe
    public var membersByRole: [(role: ClaudeRole, count: Int)] = []
    public var protectedMembers: [Member] = []
    public var pendingInvites: [(invite: Invite, daysToExpiry: Int)] = []
    public var expiringSoon: [Invite] = []
    public var expiredInvites: [Invite] = []
    public var membersWithoutRecord: [Member] = []
    /// Records whose member or invite no longer exists upstream.
    public var orphanedRecords: [ScimRecord] = []
    /// SSO/JIT refusals found in the audit log of the last 7 days.
    public var recentSSORefusals: [AuditEvent] = []
    /// Changes refused part-way that wait for an operator (`scimify problems list`).
    public var needingAttention: [AttentionIntent] = []
    /// Changes begun and not finished yet (the next command or `scimify serve` finishes them).
    public var openIntents = 0
    /// Removals from the IdP held by the mass-removal guard.
    public var heldRemovals: [HeldRemoval] = []
    /// Every open problem (including the two above), newest first.
    public var problems: [Problem] = []
    /// In dry-run: people the IdP pushed whose change going live would apply.
    public var dryRunPlan = 0
    public var reasons: [String] = []
    public var warnings: [String] = []

    /// The outcome of trying invite creation without side effects.
    public enum InviteProbe: Sendable, Equatable {
        /// Invites are accepted (the probe got `already_member` for an existing member).
        case allowed
        /// The organization's SSO configuration manages members: invites are refused.
        case ssoManaged
        /// Not probed (dry-run instance, or the credential check failed).
        case skipped(String)
        /// The probe failed for another reason.
        case inconclusive(String)
    }

    public init(inviteProbe: InviteProbe) { self.inviteProbe = inviteProbe }

    /// GO when the credentials work, invites are possible and no recent SSO refusal is unexplained.
    public var isGo: Bool { reasons.isEmpty }

    /// The verdict line: `GO` or `NO-GO: reason; reason`.
    public var verdict: String { isGo ? "GO" : "NO-GO: " + reasons.joined(separator: "; ") }
}

/// Builds a ``ReadinessReport`` from live reads of the API and the store's records and audit log.
public struct ReadinessCheck: Sendable {
    public let api: any AdminAPIPort
    public let now: Date
    /// Whether the invite probe may run (not in dry-run instances).
    public let mayProbe: Bool

    public init(api: any AdminAPIPort, now: Date = Date(), mayProbe: Bool) {
        self.api = api
        self.now = now
        self.mayProbe = mayProbe
    }

    /// - Parameters:
    ///   - records: the instance's SCIM records.
    ///   - recentAudit: audit events of the last 7 days (SSO refusals are picked out).
    ///   - needingAttention: the instance's intents waiting for an operator.
    ///   - openIntents: how many of its intents are begun and not finished.
    ///   - heldRemovals: removals from the IdP held by the guard.
    ///   - neverRefreshed: the mirror was never filled: NO-GO, since SCIM GET, problems and the console
    ///     cannot tell Claude's state and an IdP import could not match existing members.
    public func run(
        records: [ScimRecord], recentAudit: [AuditEvent], needingAttention: [AttentionIntent] = [],
        openIntents: Int = 0, heldRemovals: [HeldRemoval] = [], neverRefreshed: Bool = false
    ) async throws -> ReadinessReport {
        var report = ReadinessReport(inviteProbe: .skipped("credentials failed"))
        if neverRefreshed {
            report.reasons.append(
                "never refreshed: Scimify does not know Claude's members and invites yet; run `scimify refresh`")
        }
        report.needingAttention = needingAttention
        report.openIntents = openIntents
        report.heldRemovals = heldRemovals
        if !heldRemovals.isEmpty {
            report.warnings.append(
                "\(heldRemovals.count) removal(s) from the IdP held by the mass-removal guard: "
                    + "approve or dismiss each (`scimify problems list --kind held_removal`)")
        }
        if !needingAttention.isEmpty {
            report.warnings.append(
                "\(needingAttention.count) change(s) need attention (refused part-way; never replayed): "
                    + "see `scimify problems list`, then retry or dismiss each")
        }
        if openIntents > 0 {
            report.warnings.append(
                "\(openIntents) change(s) begun and not finished yet: the next command or `scimify serve` finishes them"
            )
        }
        do {
            report.organization = try await api.organization().value
        } catch let error as ProvisioningError {
            report.credentialError = error
            report.reasons.append("the Admin API key does not work: \(error.description)")
            return report
        }
        async let membersTask = api.listAllMembers(progress: nil)
        async let invitesTask = api.listAllInvites(progress: nil)
        let (members, invites) = try await (membersTask, invitesTask)
        report.inviteProbe = mayProbe ? await probe(members: members) : .skipped("dry-run instance: no write is sent")
        fill(&report, members: members, invites: invites, records: records, recentAudit: recentAudit)
        return report
    }

    /// Asks to invite an existing member's address: an invite-only organization answers `already_member`
    /// and creates nothing; an SSO-managed one answers with its refusal. This is the safest probe the API
    /// allows: it cannot create an invite for a person who is already a member.
    private func probe(members: [Member]) async -> ReadinessReport.InviteProbe {
        guard let target = members.first(where: { !$0.email.isEmpty }) else {
            return .skipped("no member to probe with")
        }
        do {
            let created = try await api.createInvite(email: target.email, role: .user)
            _ = try? await api.deleteInvite(inviteID: created.value.id)  // should never happen; undo at once
            return .inconclusive("the API accepted an invite for an existing member (it was cancelled again)")
        } catch let error as ProvisioningError where error.errorCode == "already_member" {
            return .allowed
        } catch let error as ProvisioningError where error.kind == .ssoManagesMembers {
            return .ssoManaged
        } catch {
            return .inconclusive("\(error)")
        }
    }

    private func fill(
        _ report: inout ReadinessReport,
        members: [Member],
        invites: [Invite],
        records: [ScimRecord],
        recentAudit: [AuditEvent]
    ) {
        var byRole: [ClaudeRole: Int] = [:]
        for member in members { byRole[member.role, default: 0] += 1 }
        report.membersByRole = byRole.sorted {
            $0.value > $1.value || ($0.value == $1.value && $0.key.rawValue < $1.key.rawValue)
        }
        .map { ($0.key, $0.value) }
        report.protectedMembers = members.filter(\.isProtected)
        let pending = invites.filter { $0.status == .pending }
        report.pendingInvites = pending.map { ($0, $0.daysToExpiry(now: now)) }.sorted { $0.1 < $1.1 }
        report.expiringSoon = pending.filter { $0.expiresAt.timeIntervalSince(now) <= Invite.expiringSoonWindow }
        report.expiredInvites = invites.filter { $0.status == .expired }
        let recordEmails = Set(records.flatMap { [$0.userName] + $0.emails }.map(EmailAddress.key))
        report.membersWithoutRecord = members.filter { !recordEmails.contains(EmailAddress.key($0.email)) }
        let memberIDs = Set(members.map(\.id))
        let pendingIDs = Set(pending.map(\.id))
        report.orphanedRecords = records.filter { record in
            guard record.active else { return false }
            if let memberID = record.memberID { return !memberIDs.contains(memberID) }
            if let inviteID = record.inviteID { return !pendingIDs.contains(inviteID) }
            return false
        }
        report.recentSSORefusals = recentAudit.filter {
            $0.outcome == .refused && $0.detail.contains("automatically manages members")
        }
        switch report.inviteProbe {
        case .ssoManaged:
            report.reasons.append(
                "Claude refuses invites: the organization's SSO configuration automatically manages members. "
                    + "Switch Claude's user provisioning to \"Invite only\", or keep JIT and disable \"Create users\" "
                    + "in the identity provider"
            )
        case .inconclusive(let why):
            report.reasons.append("could not confirm that invites are accepted: \(why)")
        case .allowed, .skipped:
            break
        }
        if !report.recentSSORefusals.isEmpty, report.inviteProbe != .allowed {
            report.reasons.append(
                "\(report.recentSSORefusals.count) SSO/JIT refusal(s) in the audit log of the last 7 days")
        }
        if !report.expiringSoon.isEmpty {
            report.warnings.append("\(report.expiringSoon.count) pending invite(s) expire within 72 hours")
        }
        if !report.expiredInvites.isEmpty {
            report.warnings.append(
                "\(report.expiredInvites.count) expired invite(s): re-invite or let the IdP push them again")
        }
        if !report.membersWithoutRecord.isEmpty {
            report.warnings.append(
                "\(report.membersWithoutRecord.count) member(s) have no SCIM record: run refresh so an IdP import can match them"
            )
        }
        if !report.orphanedRecords.isEmpty {
            report.warnings.append(
                "\(report.orphanedRecords.count) SCIM record(s) point at a member or invite that is gone")
        }
    }
}
