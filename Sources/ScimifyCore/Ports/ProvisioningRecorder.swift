/// Where the provisioning core writes its memory: the audit log and the links between SCIM records and the
/// members or invites they map to. The store implements it.
public protocol ProvisioningRecorder: Sendable {
    /// Appends one audit event.
    func record(_ event: AuditEvent) async throws

    /// Links (or creates) the record for `email` after a change: the member or invite id it now maps to,
    /// the role asked for, and whether it is still provisioned.
    /// - Parameters:
    ///   - email: the address the change was about.
    ///   - outcome: what the change did.
    ///   - requestedRole: the role asked for, when one was.
    ///   - source: who made the change (a SCIM call, the console, the CLI).
    func link(email: String, outcome: ProvisioningOutcome, requestedRole: ClaudeRole?, source: ScimRecord.Source)
        async throws
}
