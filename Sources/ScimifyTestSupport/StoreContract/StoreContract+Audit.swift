import Foundation
import ScimifyCore
import ScimifyStorage

extension StoreContract {
    static let audit: [StoreRequirement] = [
        StoreRequirement("audit: newest first, ties by id; filtered by instance, time, batch and limit") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let other = try await ContractFixture.addInstance(store, "Other")
            let t0 = ContractFixture.t0
            try await store.appendAudit(ContractFixture.event(acme, "a@acme.example", detail: "first", at: t0))
            try await store.appendAudit(ContractFixture.event(acme, "b@acme.example", detail: "second", at: t0))
            try await store.appendAudit(
                ContractFixture.event(acme, "c@acme.example", detail: "third", at: t0.addingTimeInterval(-60)))
            try await store.appendAudit(
                ContractFixture.event(other, "d@other.example", detail: "other", at: t0, batchID: "batch-1"))
            try await store.appendAudit(ContractFixture.event(nil, nil, action: "store.copy", detail: "global", at: t0))
            let acmeRows = try await stores.second.auditEvents(instanceID: acme.id, since: nil, batchID: nil, limit: 10)
            try expectEqual(acmeRows.map(\.detail), ["second", "first", "third"], "Acme's rows")
            try expectEqual(
                try await store.auditEvents(instanceID: acme.id, since: t0, batchID: nil, limit: 10).map(\.detail),
                ["second", "first"], "since t0")
            try expectEqual(
                try await store.auditEvents(instanceID: nil, since: nil, batchID: "batch-1", limit: 10).map(\.detail),
                ["other"], "one batch")
            try expectEqual(
                try await store.auditEvents(instanceID: nil, since: nil, batchID: nil, limit: 2).count, 2, "limit")
            try expectEqual(
                try await store.auditEvents(instanceID: nil, since: nil, batchID: nil, limit: 10).count, 5, "all")
            let ids = acmeRows.compactMap(\.id)
            try expect(ids.count == 3 && ids[0] > ids[1] && ids[1] < ids[2], "ids grow with each row: \(ids)")
        },
        StoreRequirement("audit: every field reads back as written, request ids in order") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            var event = ContractFixture.event(
                acme, "jane@acme.example", action: "invite.reinvite", outcome: .refused, detail: "why",
                requestIDs: ["req_2", "req_1"], batchID: "batch-9")
            event.idpRequestID = "okta-1"
            event.requested = RequestedChange(.setRole(.billing), updatesRecord: true)
            try await store.appendAudit(event)
            let read = try await stores.second.auditEvents(instanceID: acme.id, since: nil, batchID: nil, limit: 1)
            try expectEqual(read.count, 1, "rows")
            try expectEqual(read.map(Self.fields), [Self.fields(event)], "the row")
            try expectEqual(read.first?.requested, event.requested, "what a failed change asked for, kept for a retry")
        },
        StoreRequirement("audit: text is capped per field and NUL written as U+FFFD; control characters kept") {
            stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            var event = ContractFixture.event(
                acme, String(repeating: "e", count: 400) + "@acme.example",
                detail: String(repeating: "d", count: 5_000),
                requestIDs: ["req\u{0}1", "", "a,b"])
            event.actor = "scim:\u{0}\u{1B}[2J" + String(repeating: "a", count: 300)
            event.detail = "nul\u{0}here \u{1B}[31mred\u{07}" + event.detail
            event.idpRequestID = String(repeating: "i", count: 300)
            event.batchID = String(repeating: "b", count: 100)
            try await store.appendAudit(event)
            let read = try await stores.second.auditEvents(instanceID: acme.id, since: nil, batchID: nil, limit: 1)
                .first
            try expectEqual(read?.actor.count, AuditCaps.actor, "actor length")
            try expect(
                read?.actor.hasPrefix("scim:\u{FFFD}\u{1B}[2J") == true, "actor: \(String(describing: read?.actor))")
            try expectEqual(read?.targetEmail?.count, AuditCaps.targetEmail, "target length")
            try expectEqual(read?.detail.count, AuditCaps.detail, "detail length")
            try expect(read?.detail.hasPrefix("nul\u{FFFD}here \u{1B}[31mred\u{07}d") == true, "detail kept as data")
            try expectEqual(read?.requestIDs, ["req\u{FFFD}1", "a"], "request ids")
            try expectEqual(read?.idpRequestID?.count, AuditCaps.idpRequestID, "IdP request id length")
            try expectEqual(read?.batchID?.count, AuditCaps.batchID, "batch id length")
        },
        StoreRequirement("audit: the change counter grows with every row, seen from every handle") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let start = try await stores.second.changeCounter()
            try await store.appendAudit(ContractFixture.event(acme, "a@acme.example"))
            let one = try await stores.second.changeCounter()
            try await ContractFixture.recordChange(store, acme, email: "b@acme.example", nil)
            let two = try await stores.second.changeCounter()
            try expect(start < one && one < two, "counter \(start), \(one), \(two)")
        },
    ]

    /// An audit event's fields but its id, in words (the event type is not `Equatable`).
    static func fields(_ event: AuditEvent) -> [String] {
        [
            "\(event.at.timeIntervalSince1970)", "\(event.instanceID.map(String.init) ?? "-")",
            event.instanceSlug ?? "-", event.actor, event.action, event.targetEmail ?? "-", event.outcome.rawValue,
            event.requestIDs.joined(separator: "|"), event.detail, event.idpRequestID ?? "-", event.batchID ?? "-",
            event.requested?.storedText ?? "-",
        ]
    }
}
