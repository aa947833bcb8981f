import Foundation

/// The ``Provisioner`` of one instance with memory: every attempted change is audited (ok, refused, failed or
/// dry-run, with every upstream request-id) and every outcome goes through the one write path (the recorder
/// writes the audit row, the SCIM record's state and the mirror in one transaction); a dry-run instance runs
/// every rule against the real API's reads while sending no write.
public struct ManagedProvisioner: Sendable {
    public let instance: Instance
    let api: any AdminAPIPort
    let recorder: any ProvisioningRecorder
    let serializer: any ChangeSerializer
    let journal: (any IntentJournal)?
    let removalGuard: (any RemovalGuard)?
    let now: @Sendable () -> Date

    /// - Parameters:
    ///   - instance: the organization connection (its mode decides enforce or dry-run).
    ///   - api: the Admin API of that organization.
    ///   - recorder: the one write path (audit, records, mirror).
    ///   - serializer: per-email serialization (the store's one also spans processes).
    ///   - journal: the intent journal for cancel-and-reinvite.
    ///   - removalGuard: the mass-removal guard of removals asked by the IdP (`nil`: none).
    ///   - now: the clock.
    public init(
        instance: Instance,
        api: any AdminAPIPort,
        recorder: any ProvisioningRecorder,
        serializer: any ChangeSerializer = InProcessChangeSerializer(),
        journal: (any IntentJournal)? = nil,
        removalGuard: (any RemovalGuard)? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.instance = instance
        self.api = api
        self.recorder = recorder
        self.serializer = serializer
        self.journal = journal
        self.removalGuard = removalGuard
        self.now = now
    }

    /// Who acted, for the audit log.
    public struct Actor: Sendable {
        public var name: String
        public var source: ScimRecord.Source
        public var idpRequestID: String?
        /// The bulk action this change belongs to (every item of it shares the id in the audit log).
        public var batchID: String?

        public init(name: String, source: ScimRecord.Source, idpRequestID: String? = nil, batchID: String? = nil) {
            self.name = name
            self.source = source
            self.idpRequestID = idpRequestID
            self.batchID = batchID
        }
    }

    /// ``Provisioner/provision(email:role:)`` with audit and memory; `record` is the SCIM record to save with it.
    public func provision(email: String, role: ClaudeRole?, actor: Actor, record: ScimRecord? = nil) async throws
        -> ProvisioningOutcome
    {
        try await audited(
            "invite.create", email: email, role: role, requested: .provision(role), actor: actor, record: record
        ) {
            try await $0.provision(email: email, role: role, commit: $1)
        }
    }

    /// ``Provisioner/updateRole(email:role:inviteIfMissing:expecting:)`` with audit and memory.
    public func updateRole(
        email: String, role: ClaudeRole, inviteIfMissing: Bool = false, expecting: ExpectedState? = nil, actor: Actor,
        record: ScimRecord? = nil
    ) async throws -> ProvisioningOutcome {
        try await audited(
            "member.update_role", email: email, role: role, requested: .setRole(role), actor: actor, record: record
        ) {
            try await $0.updateRole(
                email: email, role: role, inviteIfMissing: inviteIfMissing, expecting: expecting, commit: $1)
        }
    }

    /// ``Provisioner/resendInvite(email:inviteID:role:commit:)`` with audit and memory.
    public func resendInvite(email: String, inviteID: String, role: ClaudeRole, actor: Actor) async throws
        -> ProvisioningOutcome
    {
        try await audited(
            "invite.reinvite", email: email, role: role, requested: .setRole(role), actor: actor, record: nil
        ) {
            try await $0.resendInvite(email: email, inviteID: inviteID, role: role, commit: $1)
        }
    }

    /// ``Provisioner/deprovision(email:expecting:)`` with audit and memory.
    public func deprovision(email: String, expecting: ExpectedState? = nil, actor: Actor, record: ScimRecord? = nil)
        async throws -> ProvisioningOutcome
    {
        try await audited(
            "member.delete", email: email, role: nil, requested: .remove, actor: actor, record: record
        ) {
            try await $0.deprovision(email: email, expecting: expecting, commit: $1)
        }
    }

    /// Audits a request that needed no call to Claude (a SCIM update whose role Claude already has, or that
    /// touches only local attributes) and saves its record in the same transaction.
    public func recordWithoutCall(action: String, email: String, detail: String, actor: Actor, record: ScimRecord?)
        async throws
    {
        var audit = event(
            action, email: email, outcome: instance.mode == .dryRun ? .dryRun : .ok,
            ProvisioningOutcome(change: .unchanged), actor: actor)
        audit.detail = instance.mode == .dryRun ? "dry-run: " + detail : detail
        try await recorder.record(
            audit, change: RecordedChange(email: email, outcome: nil, source: actor.source, record: record))
    }

    /// Gives `email` the role `role` unless Claude already has it as the store knows it (then audits "nothing
    /// sent" and saves `record`, with no call): the one place "unchanged" is decided, against Claude's state as
    /// the mirror holds it, never against a record's last value. An unknown or untrusted state asks Claude.
    public func setRoleUnlessUnchanged(
        email: String, role: ClaudeRole, action: String, actor: Actor, record: ScimRecord?
    ) async throws {
        if let known = try await recorder.trustedState(of: email, now: now()), known.role == role {
            try await recordWithoutCall(
                action: action, email: email,
                detail:
                    "\(SafeText.neutralized(email)) already has the role \(role) in Claude (\(known.kind)); nothing sent",
                actor: actor, record: record)
            return
        }
        _ = try await updateRole(email: email, role: role, inviteIfMissing: true, actor: actor, record: record)
    }

    /// Forgets a SCIM record the IdP deleted, audited, in one transaction with its audit row (the person was
    /// deprovisioned before, if they were active). Nothing is sent to Claude.
    public func forgetRecord(_ record: ScimRecord, actor: Actor) async throws {
        var audit = event(
            "scim.delete", email: record.email, outcome: instance.mode == .dryRun ? .dryRun : .ok,
            ProvisioningOutcome(change: .unchanged), actor: actor)
        audit.detail = "the IdP deleted the SCIM record of \(SafeText.quoted(record.userName)); nothing sent to Claude"
        try await recorder.record(
            audit,
            change: RecordedChange(
                email: record.email, outcome: nil, source: actor.source, record: record, forgetsRecord: true))
    }

    /// Audits an event that changes nothing in Claude (an operator's retry, with the outcome of the change it
    /// made), through the one write path.
    public func recordEvent(_ audit: AuditEvent) async throws {
        try await recorder.record(audit)
    }

    /// Audits a request refused by a rule before any call (an `admin` role in any shape, an unknown role).
    public func recordRefusal(action: String, email: String, error: ProvisioningError, actor: Actor) async {
        try? await recorder.record(failureEvent(action, email: email, error: error, actor: actor))
    }

    private func audited(
        _ intendedAction: String,
        email: String,
        role: ClaudeRole?,
        requested: RequestedChange.Action,
        actor: Actor,
        record: ScimRecord?,
        _ body: (Provisioner, @escaping Provisioner.OutcomeCommit) async throws -> ProvisioningOutcome
    ) async throws -> ProvisioningOutcome {
        let dryRun = instance.mode == .dryRun ? DryRunAdminAPI(base: api, now: now) : nil
        let provisioner = Provisioner(
            api: dryRun ?? api, serializer: serializer, journal: dryRun == nil ? journal : nil, now: now)
        // Recorded while the email is still locked: no other change or replica sees Claude ahead of the store.
        let commit: Provisioner.OutcomeCommit = { outcome in
            if let dryRun {
                try await recordDryRun(outcome, dryRun, intendedAction, email, role, actor, record)
            } else {
                try await recordMade(outcome, intendedAction, email, role, actor, record)
            }
        }
        do {
            if dryRun == nil { try await recorder.beginChange(email: email) }
            return try await body(provisioner, commit)
        } catch let error as ProvisioningError {
            // A dry-run's reads may answer for writes it only planned: only a real change's findings are kept
            // (the recording plan decides what they write). The row keeps what was asked, for a retry.
            var failure = failureEvent(intendedAction, email: email, error: error, actor: actor)
            if dryRun == nil { failure.requested = RequestedChange(requested, updatesRecord: record != nil) }
            try? await recorder.record(
                failure,
                change: dryRun == nil
                    ? RecordedChange(email: email, outcome: nil, source: actor.source, found: error.found) : nil)
            throw error
        }
    }

    private func recordDryRun(
        _ outcome: ProvisioningOutcome, _ dryRun: DryRunAdminAPI, _ intendedAction: String, _ email: String,
        _ role: ClaudeRole?, _ actor: Actor, _ record: ScimRecord?
    ) async throws {
        let planned = await dryRun.plannedWrites
        var audit = event(
            outcome.change.auditAction ?? intendedAction, email: email, outcome: .dryRun, outcome, actor: actor)
        audit.detail =
            planned.isEmpty
            ? "dry-run: \(outcome.summary(email: email)); no write needed"
            : "dry-run: would send " + planned.joined(separator: "; ")
        // The record remembers what the IdP asked for; Claude (and so the mirror) is untouched.
        try await recorder.record(
            audit,
            change: record.map {
                RecordedChange(email: email, outcome: nil, requestedRole: role, source: actor.source, record: $0)
            })
    }

    private func recordMade(
        _ outcome: ProvisioningOutcome, _ intendedAction: String, _ email: String, _ role: ClaudeRole?,
        _ actor: Actor, _ record: ScimRecord?
    ) async throws {
        let audit = event(
            outcome.change.auditAction ?? intendedAction, email: email, outcome: .ok, outcome, actor: actor)
        do {
            try await recorder.record(
                audit,
                change: RecordedChange(
                    email: email, outcome: outcome, requestedRole: role, source: actor.source, record: record))
        } catch {
            // The change is made in Claude: its audit row must survive a record that could not be saved (a SCIM
            // userName taken by a parallel request); the caller still sees the store's error, and an intent the
            // outcome closes stays open, so a resume reads Claude again and records it.
            var alone = audit
            alone.detail += " (the record could not be saved: \(SafeText.neutralized("\(error)", limit: 200)))"
            try? await recorder.record(alone)
            throw error
        }
    }

    func failureEvent(_ action: String, email: String, error: ProvisioningError, actor: Actor) -> AuditEvent {
        var audit = event(
            action, email: email, outcome: error.isRefusal ? .refused : .failed,
            ProvisioningOutcome(change: .unchanged, requestIDs: error.allRequestIDs), actor: actor)
        audit.detail = instance.mode == .dryRun ? "dry-run: " + error.message : error.message
        return audit
    }

    func event(
        _ action: String, email: String, outcome result: AuditEvent.Outcome, _ outcome: ProvisioningOutcome,
        actor: Actor
    ) -> AuditEvent {
        AuditEvent(
            at: now(),
            instanceID: instance.id,
            instanceSlug: instance.slug,
            actor: actor.name,
            action: action,
            targetEmail: email,
            outcome: result,
            requestIDs: outcome.requestIDs,
            detail: outcome.summary(email: email),
            idpRequestID: actor.idpRequestID,
            batchID: actor.batchID
        )
    }
}

extension ProvisioningOutcome.Change {
    /// The audit action of a change that wrote upstream; `nil` for no-ops (the intended action is used).
    public var auditAction: String? {
        switch self {
        case .invited: "invite.create"
        case .roleUpdated: "member.update_role"
        case .reinvited: "invite.reinvite"
        case .memberRemoved: "member.delete"
        case .inviteCancelled: "invite.delete"
        case .alreadyMember, .alreadyInvited, .unchanged, .nothingToRemove: nil
        }
    }
}
