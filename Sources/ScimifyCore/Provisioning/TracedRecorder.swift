import Foundation

/// The store's recorder, also telling the request being served what it recorded (``RequestTrace/recorded``):
/// the SCIM server's per-request log line names the outcome, the person and Anthropic's request-ids from the
/// very events the audit log holds. Outside a request it is the store's recorder unchanged.
public struct TracedRecorder: ProvisioningRecorder {
    let base: any ProvisioningRecorder

    public init(_ base: any ProvisioningRecorder) { self.base = base }

    public func record(_ event: AuditEvent, change: RecordedChange?) async throws {
        try await base.record(event, change: change)
        RequestTrace.recorded?.append(event)
    }

    public func beginChange(email: String) async throws { try await base.beginChange(email: email) }

    public func trustedState(of email: String, now: Date) async throws -> TrustedClaudeState? {
        try await base.trustedState(of: email, now: now)
    }
}
