import Foundation

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
    /// The IdP deleted `record` (SCIM DELETE): it is removed in the change's transaction instead of saved.
    public var forgetsRecord: Bool
    /// What a change that failed or was refused learned of Claude before it stopped (an `ok` change's findings
    /// are in its ``outcome``): the mirror takes it in the failure's transaction.
    public var found: LiveFindings

    public init(
        email: String, outcome: ProvisioningOutcome?, requestedRole: ClaudeRole? = nil,
        source: ScimRecord.Source, record: ScimRecord? = nil, forgetsRecord: Bool = false,
        found: LiveFindings = LiveFindings()
    ) {
        self.found = found
        self.email = email
        self.outcome = outcome
        self.requestedRole = requestedRole
        self.source = source
        self.record = record
        self.forgetsRecord = forgetsRecord
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

    /// Claude's state of `email` as the store's mirror holds it, when it can be trusted to decide "unchanged":
    /// `nil` when the mirror has no member or unexpired pending invite for the person, or a change to them went
    /// towards Claude without its outcome being recorded.
    func trustedState(of email: String, now: Date) async throws -> TrustedClaudeState?
}

/// Claude's role of one person as the store knows it, trusted (see ``ProvisioningRecorder/trustedState(of:now:)``).
public struct TrustedClaudeState: Sendable, Equatable {
    public var role: ClaudeRole
    /// How Claude holds the person, in words (`member`, `pending invite`).
    public var kind: String

    public init(role: ClaudeRole, kind: String) {
        self.role = role
        self.kind = kind
    }
}

extension ProvisioningRecorder {
    /// Writes an audit event that changed nothing.
    public func record(_ event: AuditEvent) async throws { try await record(event, change: nil) }
}
