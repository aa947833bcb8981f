import Foundation

/// The ``Provisioner`` of one instance with memory: every attempted change is audited (ok, refused, failed or
/// dry-run, with the upstream request-ids), records are linked to the member or invite they map to, and a
/// dry-run instance runs every rule against the real API's reads while sending no write.
public struct ManagedProvisioner: Sendable {
    public let instance: Instance
    private let api: any AdminAPIPort
    private let recorder: any ProvisioningRecorder
    private let serializer: any ChangeSerializer
    private let journal: (any IntentJournal)?
    private let now: @Sendable () -> Date

    /// - Parameters:
    ///   - instance: the organization connection (its mode decides enforce or dry-run).
    ///   - api: the Admin API of that organization.
    ///   - recorder: the audit log and record links.
    ///   - serializer: per-email serialization (the store's one also spans processes).
    ///   - journal: the intent journal for cancel-and-reinvite.
    ///   - now: the clock.
    public init(
        instance: Instance,
        api: any AdminAPIPort,
        recorder: any ProvisioningRecorder,
        serializer: any ChangeSerializer = InProcessChangeSerializer(),
        journal: (any IntentJournal)? = nil,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.instance = instance
        self.api = api
        self.recorder = recorder
        self.serializer = serializer
        self.journal = journal
        self.now = now
    }

    /// Who acted, for the audit log.
    public struct Actor: Sendable {
        public var name: String
        public var source: ScimRecord.Source
        public var idpRequestID: String?

        public init(name: String, source: ScimRecord.Source, idpRequestID: String? = nil) {
            self.name = name
            self.source = source
            self.idpRequestID = idpRequestID
        }
    }

    /// ``Provisioner/provision(email:role:)`` with audit and memory.
    public func provision(email: String, role: ClaudeRole?, actor: Actor) async throws -> ProvisioningOutcome {
        try await audited("invite.create", email: email, role: role, actor: actor) {
            try await $0.provision(email: email, role: role)
        }
    }

    /// ``Provisioner/updateRole(email:role:inviteIfMissing:)`` with audit and memory.
    public func updateRole(email: String, role: ClaudeRole, inviteIfMissing: Bool = false, actor: Actor) async throws
        -> ProvisioningOutcome
    {
        try await audited("member.update_role", email: email, role: role, actor: actor) {
            try await $0.updateRole(email: email, role: role, inviteIfMissing: inviteIfMissing)
        }
    }

    /// ``Provisioner/deprovision(email:)`` with audit and memory.
    public func deprovision(email: String, actor: Actor) async throws -> ProvisioningOutcome {
        try await audited("member.delete", email: email, role: nil, actor: actor) {
            try await $0.deprovision(email: email)
        }
    }

    /// Finishes journaled cancel-and-reinvites of this instance, auditing each as `intent.resume`.
    public func resumeUnfinishedIntents(actor: Actor) async throws {
        let provisioner = Provisioner(api: api, serializer: serializer, journal: journal, now: now)
        for (email, outcome) in try await provisioner.resumeUnfinishedIntents() {
            try await recorder.record(event("intent.resume", email: email, outcome: .ok, outcome, actor: actor))
            try await recorder.link(email: email, outcome: outcome, requestedRole: nil, source: actor.source)
        }
    }

    private func audited(
        _ intendedAction: String,
        email: String,
        role: ClaudeRole?,
        actor: Actor,
        _ body: (Provisioner) async throws -> ProvisioningOutcome
    ) async throws -> ProvisioningOutcome {
        let dryRun = instance.mode == .dryRun ? DryRunAdminAPI(base: api, now: now) : nil
        let provisioner = Provisioner(api: dryRun ?? api, serializer: serializer, journal: dryRun == nil ? journal : nil, now: now)
        do {
            let outcome = try await body(provisioner)
            if let dryRun {
                let planned = await dryRun.plannedWrites
                var audit = event(outcome.change.auditAction ?? intendedAction, email: email, outcome: .dryRun, outcome, actor: actor)
                audit.detail = planned.isEmpty
                    ? "dry-run: \(outcome.summary(email: email)); no write needed"
                    : "dry-run: would send " + planned.joined(separator: "; ")
                try await recorder.record(audit)
            } else {
                try await recorder.record(event(outcome.change.auditAction ?? intendedAction, email: email, outcome: .ok, outcome, actor: actor))
                try await recorder.link(email: email, outcome: outcome, requestedRole: role, source: actor.source)
            }
            return outcome
        } catch let error as ProvisioningError {
            let result: AuditEvent.Outcome = error.isRefusal ? .refused : .failed
            var audit = AuditEvent(
                at: now(),
                instanceID: instance.id,
                instanceSlug: instance.slug,
                actor: actor.name,
                action: intendedAction,
                targetEmail: email,
                outcome: result,
                requestIDs: error.requestID.map { [$0] } ?? [],
                detail: error.message,
                idpRequestID: actor.idpRequestID
            )
            if instance.mode == .dryRun { audit.detail = "dry-run: " + audit.detail }
            try? await recorder.record(audit)
            throw error
        }
    }

    private func event(_ action: String, email: String, outcome result: AuditEvent.Outcome, _ outcome: ProvisioningOutcome, actor: Actor) -> AuditEvent {
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
            idpRequestID: actor.idpRequestID
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
