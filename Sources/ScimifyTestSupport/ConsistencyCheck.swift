import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifyStorage

/// "One truth", checked: after any mix of operations from any path, Claude (the simulator's state), the
/// mirror, the SCIM records (and what SCIM GET renders) and the audit log must agree. Every multi-step test
/// ends with ``verify(_:_:scim:)`` and expects no disagreement.
public enum ConsistencyCheck {
    /// Every disagreement found, in words (empty when all agree).
    /// - Parameters:
    ///   - scim: a SCIM server over the same store: each active record's GET must show Claude's role.
    ///
    /// Every write Claude applied must be audited: by its request-id, or, when its answer died with the process
    /// that sent it, by the resume's row that names its object as found already applied by an earlier attempt
    /// (``ManagedProvisioner/doneEarlierWords``). No write is excused.
    public static func verify(_ fixture: StoreFixture, _ sim: RunningSimulator, scim: RunningSCIMServer? = nil)
        async throws -> [String]
    {
        try await verify(store: fixture.database, instanceID: fixture.instance.id, sim, scim: scim)
    }

    /// ``verify(_:_:scim:)`` over any store (PostgreSQL replicas too).
    public static func verify(
        store database: any StorePort, instanceID: Int64, _ sim: RunningSimulator, scim: RunningSCIMServer? = nil
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

        // Every change Claude applied is in the audit log with its request-id, or named as applied earlier.
        let coverage = try await auditCoverage(store: database, instanceID: instanceID, sim)
        if !coverage.missing.isEmpty {
            problems.append(
                "writes applied by Claude but not audited: "
                    + coverage.missing.map { "\($0.route) \($0.requestID) (\($0.target))" }.joined(separator: ", "))
        }
        return problems
    }

    /// How the writes Claude applied (the simulator's count) are audited: by their request-id, or as found
    /// already applied by an earlier attempt (a resume's row naming the object), and which are in neither.
    public struct AuditCoverage: Sendable {
        public var applied = 0
        public var byRequestID = 0
        public var asEarlierAttempt = 0
        public var missing: [(route: String, requestID: String, target: String)] = []
    }

    /// The ``AuditCoverage`` of an instance's audit log against the simulator's applied writes.
    public static func auditCoverage(store database: any StorePort, instanceID: Int64, _ sim: RunningSimulator)
        async throws -> AuditCoverage
    {
        let events = try await database.auditEvents(instanceID: instanceID, since: nil, batchID: nil, limit: 100_000)
        let audited = Set(events.flatMap(\.requestIDs))
        let earlier = events.filter { $0.detail.contains(ManagedProvisioner.doneEarlierWords) }.map(\.detail)
        var coverage = AuditCoverage()
        for write in await sim.simulator.traffic.appliedWrites {
            coverage.applied += 1
            if audited.contains(write.requestID) {
                coverage.byRequestID += 1
            } else if !write.target.isEmpty, earlier.contains(where: { $0.contains(write.target) }) {
                coverage.asEarlierAttempt += 1
            } else {
                coverage.missing.append(write)
            }
        }
        return coverage
    }
}
