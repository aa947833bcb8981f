import Foundation
import ScimifyCore
import ScimifyStorage

extension StoreContract {
    static let records: [StoreRequirement] = [
        StoreRequirement("records: found by id, by userName and by Claude's address, case-insensitively") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            var jane = ContractFixture.record(acme, "Jane.Smith@Acme.example", id: "rec-jane")
            jane.provisionedEmail = "jane@acme.example"
            jane.givenName = "Jane"
            try await ContractFixture.recordChange(store, acme, email: jane.email, nil, record: jane)
            for handle in [store, stores.second] as [any StorePort] {
                try expectEqual(
                    try await handle.record(instanceID: acme.id, id: "rec-jane")?.givenName, "Jane", "by id")
                try expectEqual(
                    try await handle.record(instanceID: acme.id, userName: "jane.smith@ACME.example")?.id, "rec-jane",
                    "by userName")
                try expectEqual(
                    try await handle.record(instanceID: acme.id, email: "JANE@acme.example")?.id, "rec-jane",
                    "by Claude's address")
            }
            try expect(
                try await store.record(instanceID: acme.id, email: "jane.smith@acme.example") == nil,
                "the userName is not Claude's address once a provisioned one is set")
        },
        StoreRequirement("records: every save bumps the version and keeps the IdP's first push time") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let first = ContractFixture.record(acme, "omar@acme.example", id: "rec-omar")
            try await ContractFixture.recordChange(store, acme, email: "omar@acme.example", nil, record: first)
            let saved = try await store.record(instanceID: acme.id, id: "rec-omar")
            var again = try saved ?? { throw ContractViolation(description: "the record was not saved") }()
            again.pushedByIdPAt = nil
            again.displayName = "Omar"
            try await ContractFixture.recordChange(store, acme, email: "omar@acme.example", nil, record: again)
            let read = try await store.record(instanceID: acme.id, id: "rec-omar")
            try expectEqual(read?.version, (saved?.version ?? 0) + 1, "version after a second save")
            try expectEqual(read?.pushedByIdPAt, ContractFixture.t0, "first push time kept")
            try expectEqual(read?.displayName, "Omar", "the new value")
        },
        StoreRequirement("records: two records of one instance cannot share a userName (a duplicate error)") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let other = try await ContractFixture.addInstance(store, "Other")
            try await ContractFixture.recordChange(
                store, acme, email: "a@acme.example", nil, record: ContractFixture.record(acme, "a@acme.example"))
            do {
                try await ContractFixture.recordChange(
                    store, acme, email: "A@acme.example", nil, record: ContractFixture.record(acme, "A@acme.example"))
                try expect(false, "a second record with the userName a@acme.example was saved")
            } catch let error as StoreError {
                try expect(error.isDuplicate, "the refusal is a duplicate: \(error.message)")
            }
            // Another instance may hold the same userName.
            try await ContractFixture.recordChange(
                store, other, email: "a@acme.example", nil, record: ContractFixture.record(other, "a@acme.example"))
            try expectEqual(try await store.orderedRecords(instanceID: acme.id).count, 1, "records of Acme")
            try expectEqual(try await store.orderedRecords(instanceID: other.id).count, 1, "records of Other")
        },
        StoreRequirement("records: SCIM order is creation time, then id") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let later = ContractFixture.t0.addingTimeInterval(60)
            // Saved in an order that is neither: a tie on the time must be broken by the id.
            for (id, at) in [("rec-c", later), ("rec-b", ContractFixture.t0), ("rec-a", ContractFixture.t0)] {
                try await ContractFixture.recordChange(
                    store, acme, email: "\(id)@acme.example", nil,
                    record: ContractFixture.record(acme, "\(id)@acme.example", id: id, at: at))
            }
            try expectEqual(
                try await store.orderedRecords(instanceID: acme.id).map(\.id), ["rec-a", "rec-b", "rec-c"], "order")
        },
        StoreRequirement("records: hostile text is kept as data, NUL written as U+FFFD") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            var hostile = ContractFixture.record(acme, "nul\u{0}@acme.example", id: "rec-hostile")
            hostile.displayName = "Bobby\u{0}\u{1B}]0;owned\u{07}'); DROP TABLE x;--"
            hostile.emails = ["nul\u{0}@acme.example", "ünï@acme.example"]
            hostile.externalID = String(repeating: "é", count: 5_000)
            try await ContractFixture.recordChange(store, acme, email: hostile.email, nil, record: hostile)
            let read = try await stores.second.record(instanceID: acme.id, id: "rec-hostile")
            try expectEqual(read?.userName, "nul\u{FFFD}@acme.example", "userName")
            try expectEqual(read?.displayName, "Bobby\u{FFFD}\u{1B}]0;owned\u{07}'); DROP TABLE x;--", "displayName")
            try expectEqual(read?.emails, ["nul\u{FFFD}@acme.example", "ünï@acme.example"], "emails")
            try expectEqual(read?.externalID, String(repeating: "é", count: 5_000), "a long externalId, whole")
            try expectEqual(
                try await store.record(instanceID: acme.id, userName: "nul\u{FFFD}@acme.example")?.id, "rec-hostile",
                "found by its stored userName")
        },
        StoreRequirement("records: managed emails are the active records an IdP pushed") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            try await ContractFixture.recordChange(
                store, acme, email: "pushed@acme.example", nil,
                record: ContractFixture.record(acme, "Pushed@Acme.example"))
            try await ContractFixture.recordChange(
                store, acme, email: "imported@acme.example", nil,
                record: ContractFixture.record(acme, "imported@acme.example", pushed: false))
            var inactive = ContractFixture.record(acme, "gone@acme.example")
            inactive.active = false
            try await ContractFixture.recordChange(store, acme, email: "gone@acme.example", nil, record: inactive)
            try expectEqual(try await store.managedEmails(instanceID: acme.id), ["pushed@acme.example"], "managed")
        },
        StoreRequirement("records: a record the IdP deleted is gone on every handle, with its audit row") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let record = ContractFixture.record(acme, "del@acme.example", id: "rec-del")
            try await ContractFixture.recordChange(store, acme, email: "del@acme.example", nil, record: record)
            let counter = try await store.changeCounter()
            try await ContractFixture.recordChange(
                store, acme, email: "del@acme.example", nil, record: record, forgets: true)
            try expect(try await stores.second.record(instanceID: acme.id, id: "rec-del") == nil, "record still there")
            try expect(try await store.changeCounter() > counter, "the deletion has no audit row")
        },
    ]
}
