import ClaudeAdminAPI
import Foundation
import ScimifyCore

/// Sets inactive every active API key a person created, before their removal (spec §15's recipe): personal keys
/// too, so no listing shows an active key of someone who left, and the legacy workspace keys that would
/// otherwise keep working. `inactive` is the reversible stop; keys are never archived. Each key is audited by
/// id, name and hint (never a secret: the API has none to give). In a dry-run instance nothing is sent and the
/// report says what would be deactivated. Keys with no recorded creator cannot be found this way. One key's
/// status on its own (the console's Keys view, `scimify keys deactivate`) is in `KeyOffboarding+Status`.
public struct KeyOffboarding: Sendable {
    /// What was done (or, in dry-run, would be).
    public struct Report: Sendable {
        public var deactivated: [APIKey] = []
        public var wouldDeactivate: [APIKey] = []

        /// One sentence for the operator.
        public func summary(email: String) -> String {
            if !wouldDeactivate.isEmpty {
                return "dry-run: would set \(wouldDeactivate.count) active key(s) of \(email) inactive: "
                    + wouldDeactivate.map(\.name).joined(separator: ", ")
            }
            if deactivated.isEmpty { return "\(email) had no active API keys" }
            return "set \(deactivated.count) key(s) of \(email) inactive: "
                + deactivated.map(\.name).joined(separator: ", ")
        }
    }

    let client: AdminAPIClient
    let actor: String
    let instance: Instance?
    let audit: (@Sendable (AuditEvent) async -> Void)?
    /// Carried into each key's audit row: the IdP's request id (a SCIM removal) and the bulk action's id.
    var idpRequestID: String?
    var batchID: String?

    /// - Parameters:
    ///   - instance: the stored instance (its mode and the audit rows' instance), `nil` for the explicit form.
    ///   - audit: where each key's audit row goes (the store), `nil` when there is no store.
    public init(
        client: AdminAPIClient, instance: Instance?, actor: String,
        audit: (@Sendable (AuditEvent) async -> Void)?
    ) {
        self.client = client
        self.instance = instance
        self.actor = actor
        self.audit = audit
    }

    /// The first half of *remove and deactivate* (the console's dialog, `scimify remove --deactivate-keys`):
    /// looks the person up live and, when they are a member, refuses a protected one or one who is no longer
    /// what the operator saw (`expecting`) before any key is touched, then deactivates their active keys. The
    /// removal that follows is the caller's (through the provisioning core). `nil`: not a member (a pending
    /// invite holds no keys), nothing done.
    public func deactivateKeysBeforeRemoving(email: String, expecting: ExpectedState?) async throws -> Report? {
        guard let member = try await client.findMember(email: email).value else { return nil }
        if member.isProtected {
            throw ProvisioningError.protectedMember(email: member.email, role: member.role, action: "remove")
        }
        if let expecting { try expecting.check(email: email, member: member, pending: nil) }
        return try await deactivateKeys(of: member)
    }

    /// Deactivates `member`'s active keys; stops at the first key that cannot be changed (the removal that
    /// should follow is then not made: the operator asked for both).
    /// - Throws: ``ProvisioningError`` naming the key that failed and the ones already set inactive.
    /// The active keys `member` created that keep working after their removal (legacy workspace keys, service
    /// accounts' keys they made): what a removal without deactivation leaves behind (spec §15).
    public func survivingKeys(of member: Member) async throws -> [APIKey] {
        try await client.listAPIKeys(createdByUserID: member.id, status: .active).value.filter {
            $0.survivesRemoval(of: member.id)
        }
    }

    public func deactivateKeys(of member: Member) async throws -> Report {
        var report = Report()
        let keys = try await client.listAPIKeys(createdByUserID: member.id, status: .active).value
        if instance?.mode == .dryRun {
            report.wouldDeactivate = keys
            for key in keys { await record(key, member: member, outcome: .dryRun, requestID: nil) }
            return report
        }
        for key in keys {
            do {
                let changed = try await client.updateAPIKey(id: key.id, status: .inactive)
                report.deactivated.append(changed.value)
                await record(key, member: member, outcome: .ok, requestID: changed.requestID)
            } catch let error as ProvisioningError {
                await record(key, member: member, outcome: .failed, requestID: error.requestID)
                var failure = ProvisioningError(
                    kind: error.kind,
                    message: "could not set key \(key.id) (\(SafeText.neutralized(key.name, limit: 80))) inactive: "
                        + error.message + "; \(report.deactivated.count) key(s) were set inactive before it; "
                        + "\(member.email) was not removed",
                    requestID: error.requestID, httpStatus: error.httpStatus, errorCode: error.errorCode,
                    retryAfter: error.retryAfter)
                failure.earlierRequestIDs = error.earlierRequestIDs
                throw failure
            }
        }
        return report
    }

    private func record(_ key: APIKey, member: Member, outcome: AuditEvent.Outcome, requestID: String?) async {
        let kind = key.survivesRemoval(of: member.id) ? "would outlive the removal" : "personal key"
        await record(
            "api_key.deactivate", outcome,
            "\(outcome == .dryRun ? "dry-run: would set" : "set") \(key.id) "
                + "(\(SafeText.neutralized(key.name, limit: 80)), \(key.hint ?? "no hint"), \(kind)) inactive "
                + "before removing the member",
            requestID: requestID, about: member.email)
    }
}
