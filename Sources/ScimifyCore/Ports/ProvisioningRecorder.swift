/// A change the core made or found already made, with what the store must remember of it.
public struct RecordedChange: Sendable {
    /// The address the change was about.
    public var email: String
    /// What the core did; `nil` when no core call was needed (a SCIM update that touches nothing in Claude).
    public var outcome: ProvisioningOutcome?
    /// The role asked for, when one was.
    public var requestedRole: ClaudeRole?
    /// Who made the change (a SCIM call, the console, the CLI, a resumed intent).
    public var source: ScimRecord.Source
    /// The SCIM record to save with the change (the SCIM path owns its records); `nil` links the record of `email`.
    public var record: ScimRecord?

    public init(
        email: String, outcome: ProvisioningOutcome?, requestedRole: ClaudeRole? = nil,
        source: ScimRecord.Source, record: ScimRecord? = nil
    ) {
        self.email = email
        self.outcome = outcome
        self.requestedRole = requestedRole
        self.source = source
        self.record = record
    }
}

/// The one write path of every outcome of the core, from every path (SCIM, console, CLI, intent resume,
/// refresh): the store implements it.
public protocol ProvisioningRecorder: Sendable {
    /// Writes the audit event and, for a change that was made or found already made (`change` with an `ok`
    /// event), the SCIM record's state (role, active, invite id, member id), the mirror rows and the email's
    /// change generation, all in one store transaction.
    func record(_ event: AuditEvent, change: RecordedChange?) async throws

    /// Marks `email` as having a change on its way to Claude, before the first upstream write. An `ok` record
    /// of a change to it clears the mark in its transaction; a failure leaves it, since Claude may have been
    /// changed part-way. While marked, the mirror's word on that person is not trusted ("unchanged" is then
    /// asked of Claude itself), so a crash or a half-done change never lets a stale mirror answer for Claude.
    func beginChange(email: String) async throws
}

extension ProvisioningRecorder {
    /// Writes an audit event that changed nothing.
    public func record(_ event: AuditEvent) async throws { try await record(event, change: nil) }
}
