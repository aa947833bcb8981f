import Foundation

/// What one pass over an instance's journaled intents did.
public struct IntentResumeReport: Sendable {
    public var finished: [String] = []
    public var superseded: [String] = []
    /// Emails whose intent now needs an operator, with the reason.
    public var needsAttention: [(email: String, reason: String)] = []
    /// Emails whose intent is still open (the outcome is unknown), with the error of this attempt.
    public var deferred: [(email: String, reason: String)] = []
    /// Open intents left alone because the instance is in dry-run (no write is ever sent there).
    public var skippedInDryRun = 0

    public init() {}

    /// Intents still open after this pass (to be retried).
    public var stillOpen: Int { deferred.count + skippedInDryRun }

    /// What an operator should hear about this pass: what was done, and what was not (untrusted text neutralised).
    public var lines: (done: [String], problems: [String]) {
        let who = { (email: String) in SafeText.neutralized(email) }
        var done = finished.map { "finished the unfinished re-invite of \(who($0))" }
        done += superseded.map { "closed the re-invite of \(who($0)): a newer change was made since" }
        var problems = needsAttention.map {
            "the unfinished re-invite of \(who($0.email)) needs attention: \($0.reason)"
        }
        problems += deferred.map {
            "the unfinished re-invite of \(who($0.email)) could not be finished yet (it will be retried): \($0.reason)"
        }
        if skippedInDryRun > 0 {
            problems.append(
                "\(skippedInDryRun) unfinished re-invite(s) wait: the instance is in dry-run, so nothing is sent")
        }
        return (done, problems)
    }
}

extension ManagedProvisioner {
    /// How a resume's audit row names the writes it found already made ("applied by an earlier attempt"): the
    /// consistency check finds a write whose answer died with its process by these words and the object's id.
    public static let doneEarlierWords =
        "found already applied by an earlier attempt (its answer was lost) or in Claude"

    /// Finishes journaled cancel-and-reinvites of this instance, each audited: `intent.resume` (finished),
    /// `intent.superseded` (a newer change was recorded first), `intent.needs_attention` (refused: it waits for
    /// an operator) or a failed `intent.resume` (left open for the next attempt). One email's intent never
    /// makes the others, or the caller, fail. A dry-run instance sends no write: its intents are left open.
    /// - Throws: only when the journal cannot be read.
    @discardableResult
    public func resumeUnfinishedIntents(actor: Actor) async throws -> IntentResumeReport {
        var report = IntentResumeReport()
        guard let journal else { return report }
        if instance.mode == .dryRun {
            report.skippedInDryRun = try await journal.unfinished().count
            return report
        }
        let provisioner = Provisioner(api: api, serializer: serializer, journal: journal, now: now)
        // A finished intent is recorded while its email is locked, and the record closes it (one transaction):
        // a crash before that leaves it open for the next pass, never closed with the store behind Claude.
        let commit: @Sendable (ReinviteIntent, ProvisioningOutcome) async throws -> Void = { intent, outcome in
            do {
                var audit = event("intent.resume", email: intent.email, outcome: .ok, outcome, actor: actor)
                if !outcome.doneEarlier.isEmpty {
                    audit.detail += "; \(Self.doneEarlierWords): " + outcome.doneEarlier.joined(separator: ", ")
                }
                try await recorder.record(
                    audit,
                    change: RecordedChange(
                        email: intent.email, outcome: outcome, requestedRole: intent.newRole, source: actor.source))
            } catch {
                throw ProvisioningError(
                    kind: .unavailable,
                    message: "Claude has the change, but the store could not record it "
                        + "(\(SafeText.neutralized("\(error)", limit: 200))); it is read again and recorded on the next pass",
                    requestID: outcome.requestIDs.last
                ).withEarlier(outcome.requestIDs)
            }
        }
        for (intent, result) in try await provisioner.resumeUnfinishedIntents(commit: commit) {
            let email = intent.email
            let what = "\(intent.oldRole) -> \(intent.newRole) re-invite begun \(RFC3339Text.format(intent.createdAt))"
            switch result {
            case .finished:
                report.finished.append(email)
            case .superseded(let found):
                report.superseded.append(email)
                var audit = event("intent.superseded", email: email, outcome: .ok, found, actor: actor)
                audit.detail =
                    "closed the unfinished \(what): a newer change to \(SafeText.neutralized(email)) was recorded "
                    + "since; nothing was sent"
                    + (found.doneEarlier.isEmpty
                        ? "" : "; \(Self.doneEarlierWords): " + found.doneEarlier.joined(separator: ", "))
                try? await recorder.record(audit)
            case .needsAttention(let error):
                report.needsAttention.append((email, error.message))
                var audit = failureEvent("intent.needs_attention", email: email, error: error, actor: actor)
                audit.detail = "the unfinished \(what) was refused and needs attention: " + error.message
                try? await recorder.record(audit)
            case .deferred(let error):
                report.deferred.append((email, error.description))
                var audit = failureEvent("intent.resume", email: email, error: error, actor: actor)
                audit.detail = "the unfinished \(what) could not be finished yet (it will be retried): " + error.message
                try? await recorder.record(audit)
            }
        }
        return report
    }

    /// An operator's retry of an intent that needs attention: it is reopened and resumed now (audited).
    /// - Returns: the pass's report (the intent finished, or needs attention again with the new reason).
    public func retryIntent(id: String, actor: Actor) async throws -> IntentResumeReport {
        guard let journal else { return IntentResumeReport() }
        guard let waiting = try await journal.needingAttention().first(where: { $0.intent.id == id }) else {
            throw ProvisioningError.unknownID("problem", id)
        }
        if instance.mode == .dryRun {
            throw ProvisioningError(
                kind: .rejected,
                message: "instance \(instance.slug) is in dry-run: nothing is sent; switch it to enforce first")
        }
        var audit = event(
            "problem.retry", email: waiting.intent.email, outcome: .ok, ProvisioningOutcome(change: .unchanged),
            actor: actor)
        audit.detail =
            "retry of \(waiting.intent.oldRole) -> \(waiting.intent.newRole) re-invite (was: \(waiting.reason))"
        try await recorder.record(audit)
        try await journal.reopen(intentID: id)
        return try await resumeUnfinishedIntents(actor: actor)
    }

    /// An operator's dismissal of an intent that needs attention: things stay as they are (audited with the reason).
    public func dismissIntent(id: String, reason: String, actor: Actor) async throws {
        guard let journal else { return }
        guard let waiting = try await journal.needingAttention().first(where: { $0.intent.id == id }) else {
            throw ProvisioningError.unknownID("problem", id)
        }
        var audit = event(
            "problem.dismiss", email: waiting.intent.email, outcome: .ok, ProvisioningOutcome(change: .unchanged),
            actor: actor)
        audit.detail =
            "dismissed the \(waiting.intent.oldRole) -> \(waiting.intent.newRole) re-invite that needed attention"
            + (reason.isEmpty ? "" : ": " + SafeText.neutralized(reason))
        try await recorder.record(audit)
        try await journal.complete(intentID: id)
    }
}
