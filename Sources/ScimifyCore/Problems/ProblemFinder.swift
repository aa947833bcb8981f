import Foundation

/// Finds the problems that follow from state (failed pushes, drift, expiring invites): pure, from the
/// IdP-pushed SCIM records, the mirror and the recent audit log. Each has a stable id derived from what it
/// is about, so a dismissal hides exactly that problem and a new one of the same person shows again.
public struct ProblemFinder: Sendable {
    public let now: Date

    public init(now: Date) { self.now = now }

    /// - Parameters:
    ///   - records: the instance's SCIM records (only those an IdP pushed count).
    ///   - members: the mirror's members (`nil`: no mirror yet, so no drift can be told).
    ///   - invites: the mirror's invites.
    ///   - audit: recent audit events of the instance, newest first.
    ///   - skip: email keys that already have a problem of their own (needs attention, held removal).
    public func find(
        records: [ScimRecord], members: [Member]?, invites: [Invite], audit: [AuditEvent],
        skip: Set<String>
    ) -> [Problem] {
        var problems = failedPushes(audit, skip: skip) + survivingKeys(audit)
        guard let members else { return problems.sorted { $0.since > $1.since } }
        let memberByEmail = Dictionary(
            members.map { (EmailAddress.key($0.email), $0) }, uniquingKeysWith: { a, _ in a })
        var pendingByEmail: [String: Invite] = [:]
        var inviteByID: [String: Invite] = [:]
        for invite in invites {
            inviteByID[invite.id] = invite
            if invite.isOpen(at: now) { pendingByEmail[EmailAddress.key(invite.email)] = invite }
        }
        let failing = Set(problems.map { EmailAddress.key($0.email) })
        for record in records where record.pushedByIdPAt != nil {
            let key = EmailAddress.key(record.email)
            guard !skip.contains(key), !failing.contains(key) else { continue }
            let member = memberByEmail[key]
            let pending = pendingByEmail[key]
            if let drift = drift(
                record, member: member, pending: pending, createdInvite: record.inviteID.flatMap { inviteByID[$0] })
            {
                problems.append(drift)
            } else if member == nil, let pending, pending.isExpiringSoon(at: now) {
                problems.append(
                    Problem(
                        id: "expiring-\(pending.id)", kind: .expiring, email: record.email, since: pending.invitedAt,
                        cause:
                            "the \(pending.role) invite the IdP asked for expires \(RFC3339Text.format(pending.expiresAt)) and has not been accepted",
                        remedy:
                            "retry re-sends it (cancel and invite again with the same role); or remind the person to accept it"
                    ))
            }
        }
        return problems.sorted { $0.since > $1.since }
    }

    /// Audit actions about a removed person's API keys, and the ones of them that leave a problem open.
    public static let keyOffboardingActions: Set<String> = [
        "offboarding.keys_survive", "offboarding.keys", "api_key.deactivate", "offboarding.keys_done",
        "offboarding.keys_unavailable",
    ]

    /// The latest key-offboarding event of each person, when it left keys working: surviving keys reported,
    /// or a deactivation that failed. A later deactivation (or its retry) clears it, and so does stopping every
    /// key a report named, one by one (the console's Keys view, `scimify keys deactivate`).
    private func survivingKeys(_ audit: [AuditEvent]) -> [Problem] {
        let stopped = Self.stoppedKeys(audit)
        var seen = Set<String>()
        var problems: [Problem] = []
        for event in audit where Self.keyOffboardingActions.contains(event.action) && event.outcome != .dryRun {
            guard let email = event.targetEmail, seen.insert(EmailAddress.key(email)).inserted else { continue }
            let open =
                event.action == "offboarding.keys_survive"
                || (event.action != "offboarding.keys_done"
                    && event.outcome == .failed)
            guard open else { continue }
            if event.action == "offboarding.keys_survive" {
                let named = Self.keyIDs(in: event.detail)
                if !named.isEmpty, named.allSatisfy({ (stopped[$0] ?? 0) > (event.id ?? .max) }) { continue }
            }
            problems.append(
                Problem(
                    id: "keys-\(event.id ?? 0)", kind: .survivingKeys, email: email, since: event.at,
                    cause: event.detail,
                    remedy: "retry sets every active key the person created inactive; dismiss leaves them working",
                    requestIDs: event.requestIDs, idpRequestID: event.idpRequestID))
        }
        return problems
    }

    /// Each key whose latest status change (audited on its own or in an offboarding) set it inactive, with that
    /// row's id.
    static func stoppedKeys(_ audit: [AuditEvent]) -> [String: Int64] {
        var latest: [String: Int64] = [:]
        var decided = Set<String>()
        for event in audit
        where (event.action == "api_key.deactivate" || event.action == "api_key.activate") && event.outcome == .ok {
            // The row's own key comes first in its detail; a name that mentions another id must not count.
            guard let id = keyIDs(in: event.detail).first, decided.insert(id).inserted else { continue }
            if event.action == "api_key.deactivate", let row = event.id { latest[id] = row }
        }
        return latest
    }

    /// The key ids (`apikey_…`) an audit detail names, in order.
    static func keyIDs(in detail: String) -> [String] {
        var ids: [String] = []
        var rest = Substring(detail)
        while let start = rest.range(of: "apikey_") {
            let tail = rest[start.lowerBound...]
            let end = tail.firstIndex { !($0.isLetter || $0.isNumber || $0 == "_") } ?? tail.endIndex
            ids.append(String(tail[..<end]))
            rest = tail[end...]
        }
        return ids
    }

    /// The audit action of an operator's retry of a problem; its outcome is the retried change's.
    public static let retryAction = "problem.retry"

    /// The latest SCIM request about each person, when it ended in an error for the IdP and no later retry by
    /// an operator was made (a failed retry leaves the push open, under its own id, with what it asked for).
    private func failedPushes(_ audit: [AuditEvent], skip: Set<String>) -> [Problem] {
        var seen = Set<String>()
        var problems: [Problem] = []
        for event in audit {
            guard let email = event.targetEmail else { continue }
            if event.action == Self.retryAction {
                if event.outcome == .ok { seen.insert(EmailAddress.key(email)) }
                continue
            }
            guard event.actor.hasPrefix("scim:"), !Self.keyOffboardingActions.contains(event.action),
                seen.insert(EmailAddress.key(email)).inserted
            else { continue }
            guard event.outcome == .failed || event.outcome == .refused, !skip.contains(EmailAddress.key(email)) else {
                continue
            }
            let remedy =
                event.requested.map {
                    "fix the cause, then retry (re-sends what the IdP asked: \($0.words)) or let the IdP push again"
                } ?? "refused before any call to Claude: correct it in the IdP and let it push again"
            problems.append(
                Problem(
                    id: "push-\(event.id ?? 0)", kind: .failedPush, email: email, since: event.at,
                    cause: "the IdP's \(event.action) failed: \(event.detail)", remedy: remedy,
                    requestIDs: event.requestIDs, idpRequestID: event.idpRequestID, requested: event.requested))
        }
        return problems
    }

    private func drift(_ record: ScimRecord, member: Member?, pending: Invite?, createdInvite: Invite?) -> Problem? {
        let remedy = "retry applies the IdP's last word through the core; dismiss keeps Claude as it is"
        let cause: String
        switch (record.active, member, pending) {
        case (true, nil, nil):
            if let createdInvite, createdInvite.isExpired(at: now) {
                cause =
                    "the IdP says active, but the \(createdInvite.role) invite it created expired \(RFC3339Text.format(createdInvite.expiresAt))"
            } else {
                cause = "the IdP says active, but Claude has neither a member nor a pending invite for this person"
            }
        case (true, let member?, _):
            guard let wanted = record.requestedRole, member.role != wanted, !member.isProtected else { return nil }
            cause = "Claude has the role \(member.role); the IdP last sent \(wanted)"
        case (true, nil, _?):
            return nil
        case (false, nil, nil):
            return nil
        case (false, let member, _):
            cause =
                "the IdP says inactive, but Claude still has this person as \(member == nil ? "a pending invite" : "a member")"
        }
        return Problem(
            id: "drift-\(record.id)", kind: .drift, email: record.email, since: record.updatedAt, cause: cause,
            remedy: remedy)
    }
}
