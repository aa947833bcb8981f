import ClaudeAdminAPI
import Foundation
import ScimifyCore

/// Sets inactive every active API key a person created, before their removal (spec §15's recipe): personal keys
/// too, so no listing shows an active key of someone who left, and the legacy workspace keys that would
/// otherwise keep working. `inactive` is the reversible stop; keys are never archived. Each key is audited by
/// id, name and hint (never a secret: the API has none to give). In a dry-run instance nothing is sent and the
/// report says what would be deactivated. Keys with no recorded creator cannot be found this way.
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

    /// Deactivates `member`'s active keys; stops at the first key that cannot be changed (the removal that
    /// should follow is then not made: the operator asked for both).
    /// - Throws: ``ProvisioningError`` naming the key that failed and the ones already set inactive.
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
        guard let audit else { return }
        let kind = key.survivesRemoval(of: member.id) ? "would outlive the removal" : "personal key"
        await audit(
            AuditEvent(
                at: Date(), instanceID: instance?.id, instanceSlug: instance?.slug, actor: actor,
                action: "api_key.deactivate", targetEmail: member.email, outcome: outcome,
                requestIDs: requestID.map { [$0] } ?? [],
                detail:
                    "\(outcome == .dryRun ? "dry-run: would set" : "set") \(key.id) "
                    + "(\(SafeText.neutralized(key.name, limit: 80)), \(key.hint ?? "no hint"), \(kind)) inactive "
                    + "before removing the member"))
    }
}
