import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifyStorage

/// "One truth", checked: after any mix of operations from any path, Claude (the simulator's state), the
/// mirror, the SCIM records (and what SCIM GET renders) and the audit log must agree. Every multi-step test
/// ends with ``verify(_:_:scim:unauditedWrites:)`` and expects no disagreement.
public enum ConsistencyCheck {
    /// Every disagreement found, in words (empty when all agree).
    /// - Parameters:
    ///   - scim: a SCIM server over the same store: each active record's GET must show Claude's role.
    ///   - unauditedWrites: writes Claude applied whose answer never reached Scimify (a client killed after
    ///     the API answered): their request-id cannot be in the audit log.
    public static func verify(
        _ fixture: StoreFixture, _ sim: RunningSimulator, scim: RunningSCIMServer? = nil, unauditedWrites: Int = 0
    ) async throws -> [String] {
        try await verify(
            store: fixture.database, instanceID: fixture.instance.id, sim, scim: scim, unauditedWrites: unauditedWrites)
    }

    /// ``verify(_:_:scim:unauditedWrites:)`` over any store (PostgreSQL replicas too).
    public static func verify(
        store database: any StorePort, instanceID: Int64, _ sim: RunningSimulator, scim: RunningSCIMServer? = nil,
        unauditedWrites: Int = 0
    ) async throws -> [String] {
        var problems: [String] = []
        let claude = await sim.simulator.organization.snapshot()
        let claudeMembers = Dictionary(
            claude.members.map { (EmailAddress.key($0.email), $0) }, uniquingKeysWith: { a, _ in a })
        let claudePending = Dictionary(
            claude.invites.filter { $0.status == "pending" }.map { (EmailAddress.key($0.email), $0) },
            uniquingKeysWith: { _, b in b })

        // Nothing left half-done: every journaled change finished (or waits for an operator, counted apart).
        let open = try await database.openIntentCounts()[instanceID] ?? 0
        if open > 0 { problems.append("\(open) intent(s) still open") }

        // The mirror is Claude.
        guard let mirror = try await database.mirror(instanceID: instanceID) else { return problems + ["no mirror"] }
        let mirrorMembers = Dictionary(
            mirror.members.map { (EmailAddress.key($0.email), $0) }, uniquingKeysWith: { a, _ in a })
        for (key, member) in claudeMembers {
            guard let mirrored = mirrorMembers[key] else {
                problems.append("mirror lacks member \(key)")
                continue
            }
            if mirrored.id != member.id || mirrored.role.rawValue != member.role {
                problems.append(
                    "mirror has \(key) as \(mirrored.id) \(mirrored.role), Claude as \(member.id) \(member.role)")
            }
        }
        for key in mirrorMembers.keys where claudeMembers[key] == nil {
            problems.append("mirror has a member Claude lacks: \(key)")
        }
        let mirrorPending = mirror.invites.filter { $0.status == .pending && $0.expiresAt > Date() }
        for invite in mirrorPending where claudePending[EmailAddress.key(invite.email)]?.id != invite.id {
            problems.append(
                "mirror has pending invite \(invite.id) of \(invite.email); Claude has \(claudePending[EmailAddress.key(invite.email)]?.id ?? "none")"
            )
        }
        let mirrorPendingIDs = Set(mirrorPending.map(\.id))
        for (key, invite) in claudePending where !mirrorPendingIDs.contains(invite.id) {
            problems.append("Claude has pending invite \(invite.id) (\(invite.role)) of \(key); the mirror does not")
        }

        // SCIM records point at what Claude has, and GET renders Claude's role. A removal held by the guard is
        // a visible, intended difference (a problem an operator resolves), not a disagreement.
        guard let instance = try await database.instances().first(where: { $0.id == instanceID }) else {
            return problems + ["no instance \(instanceID)"]
        }
        let heldRemovals = try await database.wiring(for: instance, now: { Date() }).removalGuard.heldRemovals()
        let held = Set(heldRemovals.map { EmailAddress.key($0.email) })
        for record in try await database.orderedRecords(instanceID: instanceID)
        where !held.contains(EmailAddress.key(record.email)) {
            let key = EmailAddress.key(record.email)
            if record.active && !record.removedOutside {
                if let id = record.memberID, claudeMembers[key]?.id != id {
                    problems.append(
                        "record \(record.userName) points at member \(id); Claude has \(claudeMembers[key]?.id ?? "none")"
                    )
                }
                if let id = record.inviteID, claudeMembers[key] == nil, claudePending[key]?.id != id {
                    problems.append(
                        "record \(record.userName) points at invite \(id); Claude has \(claudePending[key]?.id ?? "none")"
                    )
                }
                if let scim, record.pushedByIdPAt != nil,
                    let role = claudeMembers[key]?.role ?? claudePending[key]?.role
                {
                    let reply = try await scim.call("GET", "/Users/\(record.id)")
                    let shown = reply.json["urn:ietf:params:scim:schemas:extension:custom:2.0:User"] as? [String: Any]
                    let rendered = shown?["claude_role"] as? String ?? reply.json["claude_role"] as? String
                    if rendered != role {
                        problems.append(
                            "SCIM GET of \(record.userName) says \(rendered ?? "no role"); Claude has \(role)")
                    }
                }
            } else if record.pushedByIdPAt != nil, claudeMembers[key] != nil || claudePending[key] != nil {
                problems.append("record \(record.userName) is inactive but Claude still has it")
            }
        }

        // Every change Claude applied is in the audit log with its request-id.
        let audited = Set(
            try await database.auditEvents(instanceID: instanceID, since: nil, batchID: nil, limit: 100_000).flatMap(
                \.requestIDs))
        let missing = await sim.simulator.traffic.appliedWrites.filter { !audited.contains($0.requestID) }
        if missing.count > unauditedWrites {
            problems.append(
                "writes applied by Claude but not audited: "
                    + missing.map { "\($0.route) \($0.requestID)" }.joined(separator: ", "))
        }
        return problems
    }
}
