import Foundation
import ScimifyCore
import ScimifyStorage

extension StoreContract {
    static let intents: [StoreRequirement] = [
        StoreRequirement("intents: each step's request-id is kept on the open intent at once, in order, and only there")
        {
            stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let other = try await ContractFixture.addInstance(store, "Other")
            let journal = try store.wiring(for: acme, now: { ContractFixture.t0 }).journal
            let otherJournal = try store.wiring(for: other, now: { ContractFixture.t0 }).journal
            try await journal.begin(ContractFixture.intent("intent-s", "steps@acme.example"))
            try await otherJournal.begin(ContractFixture.intent("intent-o", "steps@other.example"))
            try await journal.recordStep(intentID: "intent-s", requestID: "req_cancel")
            try await journal.recordStep(intentID: "intent-s", requestID: "")
            try await journal.recordStep(intentID: "intent-s", requestID: "req_invite,x")
            try await journal.recordStep(intentID: "intent-o", requestID: "req_never")  // another instance's id
            let read = try await stores.second.wiring(for: acme, now: { ContractFixture.t0 }).journal.unfinished()
            try expectEqual(read.first?.stepRequestIDs, ["req_cancel", "req_invite"], "steps in order, one id each")
            try expectEqual(
                try await otherJournal.unfinished().first?.stepRequestIDs, [], "an id never reaches another instance")
            try await journal.markNeedsAttention(intentID: "intent-s", reason: "refused", requestIDs: ["req_all"])
            try await journal.recordStep(intentID: "intent-s", requestID: "req_late")
            try expectEqual(
                try await journal.needingAttention().first?.requestIDs, ["req_all"], "a closed intent takes no step")
        },
        StoreRequirement("intents: begun, listed oldest first with ties by id, completed once") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let journal = try store.wiring(for: acme, now: { ContractFixture.t0 }).journal
            let t0 = ContractFixture.t0
            try await journal.begin(ContractFixture.intent("intent-c", "c@acme.example", at: t0.addingTimeInterval(9)))
            try await journal.begin(ContractFixture.intent("intent-b", "b@acme.example", at: t0, generation: 4))
            try await journal.begin(ContractFixture.intent("intent-a", "a@acme.example", at: t0))
            let second = try stores.second.wiring(for: acme, now: { t0 }).journal
            let open = try await second.unfinished()
            try expectEqual(open.map(\.id), ["intent-a", "intent-b", "intent-c"], "open intents")
            try expectEqual(open[1].generation, 4, "generation kept")
            try expectEqual(open[1].oldInviteID, "invite-old-intent-b", "old invite kept")
            try expectEqual(open[1].newRole, .developer, "new role kept")
            try expectEqual(try await store.openIntentCounts(), [acme.id: 3], "open counts")
            try expectEqual(try await store.instancesWithUnfinishedIntents(), [acme.id], "instances with intents")
            try await second.complete(intentID: "intent-b")
            try await journal.complete(intentID: "intent-b")
            try expectEqual(try await journal.unfinished().map(\.id), ["intent-a", "intent-c"], "after completing")
        },
        StoreRequirement("intents: one needing attention keeps its reason and request ids, and can be reopened") {
            stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let journal = try store.wiring(for: acme, now: { ContractFixture.t0 }).journal
            try await journal.begin(ContractFixture.intent("intent-1", "jane@acme.example"))
            try await journal.markNeedsAttention(
                intentID: "intent-1", reason: "admin \u{0}cannot be assigned", requestIDs: ["req_1", "req_2"])
            try expect(try await journal.unfinished().isEmpty, "an intent needing attention is still open")
            let waiting = try await stores.second.wiring(for: acme, now: { ContractFixture.t0 }).journal
                .needingAttention()
            try expectEqual(waiting.map(\.intent.id), ["intent-1"], "needing attention")
            try expectEqual(waiting.first?.reason, "admin \u{FFFD}cannot be assigned", "reason")
            try expectEqual(waiting.first?.requestIDs, ["req_1", "req_2"], "request ids")
            try expectEqual(try await store.attentionCounts(), [acme.id: 1], "attention counts")
            try expect(try await store.openIntentCounts().isEmpty, "open counts while waiting")
            try await journal.reopen(intentID: "intent-1")
            try expectEqual(try await journal.unfinished().map(\.id), ["intent-1"], "reopened")
            try expect(try await journal.needingAttention().isEmpty, "still waiting after reopening")
        },
        StoreRequirement("intents: one instance's journal never completes, marks or reopens another's intent") {
            stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let other = try await ContractFixture.addInstance(store, "Other")
            let acmeJournal = try store.wiring(for: acme, now: { ContractFixture.t0 }).journal
            let otherJournal = try store.wiring(for: other, now: { ContractFixture.t0 }).journal
            try await acmeJournal.begin(ContractFixture.intent("intent-1", "jane@acme.example"))
            try await acmeJournal.begin(ContractFixture.intent("intent-2", "omar@acme.example"))
            try await acmeJournal.markNeedsAttention(intentID: "intent-2", reason: "refused", requestIDs: [])
            try await otherJournal.markNeedsAttention(intentID: "intent-1", reason: "not mine", requestIDs: [])
            try await otherJournal.reopen(intentID: "intent-2")
            try await otherJournal.complete(intentID: "intent-1")
            try expectEqual(try await acmeJournal.unfinished().map(\.id), ["intent-1"], "Acme's open intents")
            try expectEqual(
                try await acmeJournal.needingAttention().map(\.reason), ["refused"], "Acme's waiting intents")
            try expect(try await otherJournal.unfinished().isEmpty, "the other journal sees Acme's intents")
        },
        StoreRequirement("intents: generations count recorded ok changes per email, case-insensitively") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let other = try await ContractFixture.addInstance(store, "Other")
            for _ in 0..<3 { try await ContractFixture.recordChange(store, acme, email: "Jane@acme.example", nil) }
            try await ContractFixture.recordChange(store, other, email: "jane@acme.example", nil)
            let journal = try stores.second.wiring(for: acme, now: { ContractFixture.t0 }).journal
            try expectEqual(try await journal.generation(of: "jane@ACME.example"), 3, "Acme's generation")
            try expectEqual(try await journal.generation(of: "omar@acme.example"), 0, "no change yet")
            try expectEqual(
                try await store.wiring(for: other, now: { ContractFixture.t0 }).journal.generation(
                    of: "jane@acme.example"), 1, "another instance's generation")
        },
        StoreRequirement("intents: changes to one email are serialized across handles; other emails run at once") {
            stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let first = try store.wiring(for: acme, now: { ContractFixture.t0 }).serializer
            let second = try stores.second.wiring(for: acme, now: { ContractFixture.t0 }).serializer
            let key = EmailAddress.key("jane@acme.example")
            let log = ContractLog()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    try await first.withExclusiveAccess(to: key) {
                        await log.append("first in")
                        // Held until the other email's change got in (it must not wait for this one), at most
                        // 10 s: a loaded machine may be slow to start it, never a reason to fail.
                        let deadline = ContinuousClock.now + .seconds(10)
                        while await !log.entries.contains("other in"), ContinuousClock.now < deadline {
                            try await Task.sleep(for: .milliseconds(20))
                        }
                        await log.append("first out")
                    }
                }
                // The second change starts once the first holds the email (a loaded machine may take a while to
                // open the first's connection; a fixed pause let the second get in first).
                let held = ContinuousClock.now + .seconds(10)
                while await !log.entries.contains("first in"), ContinuousClock.now < held {
                    try await Task.sleep(for: .milliseconds(10))
                }
                group.addTask {
                    try await second.withExclusiveAccess(to: key) { await log.append("second in") }
                }
                group.addTask {
                    try await second.withExclusiveAccess(to: EmailAddress.key("omar@acme.example")) {
                        await log.append("other in")
                    }
                }
                try await group.waitForAll()
            }
            let entries = await log.entries
            try expectEqual(entries.filter { $0 != "other in" }, ["first in", "first out", "second in"], "one email")
            try expect(
                (entries.firstIndex(of: "other in") ?? 9) < (entries.firstIndex(of: "first out") ?? 0),
                "another email waited for the first: \(entries)")
        },
    ]
}

/// What the tasks of a requirement did, in order.
actor ContractLog {
    private(set) var entries: [String] = []
    func append(_ entry: String) { entries.append(entry) }
}
