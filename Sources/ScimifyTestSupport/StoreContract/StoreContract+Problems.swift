import Foundation
import ScimifyCore
import ScimifyStorage

extension StoreContract {
    static let problems: [StoreRequirement] = [
        StoreRequirement("problems: a dismissal is kept per instance with its audit row; a later one replaces it") {
            stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let other = try await ContractFixture.addInstance(store, "Other")
            let audit = ContractFixture.event(acme, "jane@acme.example", action: "problem.dismiss", detail: "known")
            try await store.dismissProblem(instanceID: acme.id, id: "drift:jane", reason: "known", audit: audit)
            try await store.dismissProblem(
                instanceID: acme.id, id: "drift:jane", reason: String(repeating: "r", count: 3_000), audit: audit)
            try expectEqual(
                try await stores.second.dismissedProblemIDs(instanceID: acme.id), ["drift:jane"], "dismissed")
            try expect(try await store.dismissedProblemIDs(instanceID: other.id).isEmpty, "another instance's")
            let rows = try await store.auditEvents(instanceID: acme.id, since: nil, batchID: nil, limit: 10)
            try expectEqual(rows.filter { $0.action == "problem.dismiss" }.count, 2, "audit rows of the dismissals")
        }
    ]

    static let copy: [StoreRequirement] = [
        StoreRequirement(
            "copy: everything, work in flight and the request log included, arrives in an empty store; a full one refuses"
        ) {
            stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let t0 = ContractFixture.t0
            try await ContractFixture.refresh(
                store, acme, members: [ContractFixture.member("user_1", "a@acme.example")],
                invites: [ContractFixture.invite("invite_1", "b@acme.example")])
            try await ContractFixture.recordChange(
                store, acme, email: "c@acme.example",
                ProvisioningOutcome(change: .invited, invite: ContractFixture.invite("invite_2", "c@acme.example")),
                record: ContractFixture.record(acme, "c@acme.example", id: "rec-c"))
            let wiring = try store.wiring(for: acme, now: { t0 })
            // Work in flight: an unfinished re-invite, one waiting for an operator, a used slot, a held removal,
            // an unconfirmed change and a dismissed problem.
            try await wiring.journal.begin(ContractFixture.intent("intent-open", "c@acme.example", generation: 1))
            try await wiring.journal.begin(ContractFixture.intent("intent-wait", "b@acme.example"))
            try await wiring.journal.markNeedsAttention(intentID: "intent-wait", reason: "refused", requestIDs: ["r1"])
            let policy = RemovalGuardPolicy(maxRemovals: 1, windowMinutes: 60)
            _ = try await wiring.removalGuard.admit(email: "x@acme.example", policy: policy, idpRequestID: nil, now: t0)
            _ = try await wiring.removalGuard.admit(email: "y@acme.example", policy: policy, idpRequestID: nil, now: t0)
            try await wiring.recorder.beginChange(email: "z@acme.example")
            try await store.dismissProblem(
                instanceID: acme.id, id: "drift:a", reason: "known",
                audit: ContractFixture.event(acme, "a@acme.example", action: "problem.dismiss"))
            let rotated = try await store.rotateToken(of: acme)
            // The request log, one request of this instance (with its Anthropic request-ids) and one of none.
            var logged = ContractFixture.loggedRequest(acme, status: 201, person: "c@acme.example", at: t0)
            logged.anthropicRequestIDs = ["req_a", "req_b"]
            try await store.appendLoggedRequests([
                logged, ContractFixture.loggedRequest(nil, slug: "nope", status: 401, at: t0),
            ])
            try await stores.withEmptyStore { target in
                let counts = try await StoreCopier.copy(from: store, to: target)
                try expect((counts["record"] ?? 0) >= 3, "records copied: \(counts)")
                try expectEqual(try await target.instances().map(\.slug), ["acme"], "instances")
                try expectEqual(try await target.apiKey(of: acme), "sk-contract-Acme", "the sealed key opens")
                try expect(
                    try await target.authenticatedInstance(slug: "acme", token: rotated) != nil, "the token works")
                try expectEqual(
                    try await target.mirroredPeople(instanceID: acme.id, emails: nil, now: t0),
                    try await store.mirroredPeople(instanceID: acme.id, emails: nil, now: t0), "Claude's state")
                try expectEqual(
                    try await target.orderedRecords(instanceID: acme.id).map(\.id),
                    try await store.orderedRecords(instanceID: acme.id).map(\.id), "records")
                let copied = try target.wiring(for: acme, now: { t0 })
                try expectEqual(try await copied.journal.unfinished().map(\.id), ["intent-open"], "open intents")
                try expectEqual(
                    try await copied.journal.needingAttention().map(\.requestIDs), [["r1"]], "waiting intents")
                try expectEqual(try await copied.journal.generation(of: "c@acme.example"), 1, "generation")
                try expectEqual(try await copied.removalGuard.heldRemovals().map(\.email), ["y@acme.example"], "held")
                try expect(
                    try await copied.removalGuard.admit(
                        email: "w@acme.example", policy: policy, idpRequestID: nil, now: t0) != .proceed,
                    "the used slot did not arrive")
                try expect(
                    try await target.isUnconfirmed(instanceID: acme.id, email: "z@acme.example"),
                    "the unconfirmed change did not arrive")
                try expectEqual(try await target.dismissedProblemIDs(instanceID: acme.id), ["drift:a"], "dismissals")
                try expectEqual(
                    try await target.auditEvents(instanceID: nil, since: nil, batchID: nil, limit: 100).map(\.id),
                    try await store.auditEvents(instanceID: nil, since: nil, batchID: nil, limit: 100).map(\.id),
                    "audit rows and their ids")
                let requests = try await target.loggedRequests(RequestLogQuery())
                try expectEqual(requests, try await store.loggedRequests(RequestLogQuery()), "the request log")
                try expectEqual(requests.last?.anthropicRequestIDs, ["req_a", "req_b"], "a request's request-ids")
                // New requests after the copy continue the ids (PostgreSQL's sequence follows the copied rows).
                try await target.appendLoggedRequests([ContractFixture.loggedRequest(acme, status: 200, at: t0)])
                let newest = try await target.loggedRequests(RequestLogQuery(limit: 1))
                try expect((newest.first?.id ?? 0) > (requests.first?.id ?? .max), "ids after the copy: \(newest)")
                do {
                    _ = try await StoreCopier.copy(from: store, to: target)
                    try expect(false, "a copy into a full store was accepted")
                } catch let error as StoreError {
                    try expect(error.message.contains("already holds"), "refusal: \(error.message)")
                }
            }
        }
    ]
}
