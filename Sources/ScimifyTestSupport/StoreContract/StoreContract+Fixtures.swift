import Foundation
import ScimifyCore
import ScimifyStorage

/// What the requirements build their cases from: fixed times, instances, people and recorded changes, always
/// through the port (and the core's ports it wires), never through a driver's own SQL.
enum ContractFixture {
    /// A fixed moment well inside every clock's range.
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func addInstance(_ store: any StorePort, _ name: String, mode: Instance.Mode = .enforce) async throws
        -> Instance
    {
        try await store.addInstance(
            name: name, slug: nil, apiBaseURL: "http://127.0.0.1:9", apiKey: "sk-contract-\(name)", mode: mode, now: t0
        ).instance
    }

    static func member(_ id: String, _ email: String, _ role: ClaudeRole = .user, at: Date = t0) -> Member {
        Member(id: id, email: email, name: "Name of \(id)", role: role, addedAt: at)
    }

    static func invite(
        _ id: String, _ email: String, _ role: ClaudeRole = .user, _ status: InviteStatus = .pending, at: Date = t0,
        expires: Date? = nil
    ) -> Invite {
        Invite(
            id: id, email: email, role: role, status: status, invitedAt: at,
            expiresAt: expires ?? at.addingTimeInterval(21 * 86_400))
    }

    static func record(_ instance: Instance, _ email: String, id: String? = nil, at: Date = t0, pushed: Bool = true)
        -> ScimRecord
    {
        ScimRecord(
            id: id ?? UUID().uuidString.lowercased(), instanceID: instance.id, userName: email, emails: [email],
            source: .scim, createdAt: at, updatedAt: at, pushedByIdPAt: pushed ? at : nil)
    }

    static func event(
        _ instance: Instance?, _ email: String?, action: String = "scim.update", outcome: AuditEvent.Outcome = .ok,
        detail: String = "contract", at: Date = t0, requestIDs: [String] = [], batchID: String? = nil
    ) -> AuditEvent {
        AuditEvent(
            at: at, instanceID: instance?.id, instanceSlug: instance?.slug, actor: "cli:contract", action: action,
            targetEmail: email, outcome: outcome, requestIDs: requestIDs, detail: detail, batchID: batchID)
    }

    /// A logged SCIM request of `instance` (`nil`: of no known instance, named `slug`).
    static func loggedRequest(
        _ instance: Instance?, slug: String? = nil, status: Int, person: String? = nil, at: Date = t0
    ) -> LoggedRequest {
        LoggedRequest(
            at: at, instanceID: instance?.id, instanceSlug: instance?.slug ?? slug, method: "PATCH",
            route: "/instances/{slug}/scim/v2/Users/{id}",
            path: "/instances/\(instance?.slug ?? slug ?? "-")/scim/v2/Users/u1",
            status: status, latencyMilliseconds: 12.5, idpRequestID: "okta-1", person: person,
            outcome: status < 300 ? "ok" : "rejected", problem: status < 300 ? nil : "bad",
            anthropicRequestIDs: ["req_a"],
            requestHeaders: "content-type: application/scim+json", requestBody: "{\"Operations\":[]}",
            responseBody: "{}")
    }

    /// Refreshes the instance's mirror to exactly these members and invites.
    @discardableResult
    static func refresh(
        _ store: any StorePort, _ instance: Instance, members: [Member], invites: [Invite], at: Date = t0
    ) async throws -> RefreshReport {
        try await store.wiring(for: instance, now: { at }).mirror.replaceMirror(
            instanceID: instance.id, members: members, invites: invites, at: at, baseline: nil,
            audit: { report in event(instance, nil, action: "refresh", detail: "\(report.memberCount) members", at: at)
            })
    }

    /// Records an `ok` change of the core through the instance's recorder (the one write path).
    static func recordChange(
        _ store: any StorePort, _ instance: Instance, email: String, _ outcome: ProvisioningOutcome?,
        record: ScimRecord? = nil, outcome result: AuditEvent.Outcome = .ok, role: ClaudeRole? = nil,
        forgets: Bool = false, found: LiveFindings = LiveFindings(), at: Date = t0
    ) async throws {
        try await store.wiring(for: instance, now: { at }).recorder.record(
            event(instance, email, action: outcome?.change.auditAction ?? "scim.update", outcome: result, at: at),
            change: RecordedChange(
                email: email, outcome: outcome, requestedRole: role, source: .scim, record: record,
                forgetsRecord: forgets, found: found))
    }

    static func intent(_ id: String, _ email: String, at: Date = t0, generation: Int = 0) -> ReinviteIntent {
        ReinviteIntent(
            id: id, email: email, oldInviteID: "invite-old-\(id)", oldRole: .user, newRole: .developer, createdAt: at,
            generation: generation)
    }
}
