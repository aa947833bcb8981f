import Foundation
import ScimifyCore
import ScimifyStorage

extension StoreContract {
    static let refresh: [StoreRequirement] = [
        StoreRequirement("refresh: replaces the mirror, reports the difference and appends its audit row") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let t0 = ContractFixture.t0
            let first = try await ContractFixture.refresh(
                store, acme,
                members: [
                    ContractFixture.member("user_1", "a@acme.example"),
                    ContractFixture.member("user_2", "b@acme.example"),
                ],
                invites: [ContractFixture.invite("invite_1", "c@acme.example")])
            try expectEqual(first.memberCount, 2, "members")
            try expectEqual(first.pendingInviteCount, 1, "pending invites")
            try expectEqual(try await stores.second.lastRefresh(instanceID: acme.id), t0, "last refresh")
            let later = t0.addingTimeInterval(3_600)
            let second = try await ContractFixture.refresh(
                store, acme,
                members: [
                    ContractFixture.member("user_1", "a@acme.example", .developer),
                    ContractFixture.member("user_3", "c@acme.example"),
                ],
                invites: [ContractFixture.invite("invite_1", "c@acme.example", .user, .accepted)], at: later)
            try expectEqual(second.diff.newMembers.map(\.id), ["user_3"], "new members")
            try expectEqual(second.diff.removedMembers.map(\.id), ["user_2"], "removed members")
            try expectEqual(second.diff.roleChanges.count, 1, "role changes")
            let mirror = try await stores.second.mirror(instanceID: acme.id)
            try expectEqual(mirror?.refreshedAt, later, "refreshed at")
            try expectEqual(Set(mirror?.members.map(\.id) ?? []), ["user_1", "user_3"], "members now")
            try expectEqual(mirror?.invites.map(\.status), [.accepted], "invites now")
            let rows = try await store.auditEvents(instanceID: acme.id, since: nil, batchID: nil, limit: 10)
            try expectEqual(rows.filter { $0.action == "refresh" }.count, 2, "refresh audit rows")
        },
        StoreRequirement("refresh: links records: an accepted invite's record becomes its member's; others get records")
        { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            try await ContractFixture.recordChange(
                store, acme, email: "jane@acme.example",
                ProvisioningOutcome(
                    change: .alreadyInvited, invite: ContractFixture.invite("invite_1", "jane@acme.example")),
                record: ContractFixture.record(acme, "jane@acme.example", id: "rec-jane"))
            let report = try await ContractFixture.refresh(
                store, acme,
                members: [
                    ContractFixture.member("user_j", "Jane@acme.example"),
                    ContractFixture.member("user_o", "omar@acme.example"),
                ],
                invites: [ContractFixture.invite("invite_1", "jane@acme.example", .user, .accepted)],
                at: ContractFixture.t0.addingTimeInterval(60))
            let jane = try await store.record(instanceID: acme.id, id: "rec-jane")
            try expect(
                jane?.memberID == "user_j" && jane?.inviteID == nil, "Jane's record: \(String(describing: jane))")
            let omar = try await store.record(instanceID: acme.id, email: "omar@acme.example")
            try expectEqual(omar?.memberID, "user_o", "a record made for a member who never came through SCIM")
            try expectEqual(omar?.source, .import, "its source")
            try expectEqual(report.recordsCreated, 1, "records created")
            // Omar removed outside Scimify: his record is marked so.
            let marked = try await ContractFixture.refresh(
                store, acme, members: [ContractFixture.member("user_j", "jane@acme.example")], invites: [],
                at: ContractFixture.t0.addingTimeInterval(120))
            try expectEqual(marked.recordsMarkedRemoved, 1, "records marked removed")
            try expectEqual(
                try await store.record(instanceID: acme.id, email: "omar@acme.example")?.removedOutside, true,
                "Omar's record marked removed outside")
        },
        StoreRequirement("refresh: confirms every change begun before it; one begun after stays unconfirmed") {
            stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let t0 = ContractFixture.t0
            try await store.wiring(for: acme, now: { t0 }).recorder.beginChange(email: "before@acme.example")
            try await store.wiring(for: acme, now: { t0.addingTimeInterval(120) }).recorder.beginChange(
                email: "after@acme.example")
            try await ContractFixture.refresh(store, acme, members: [], invites: [], at: t0.addingTimeInterval(60))
            try expect(
                try await !stores.second.isUnconfirmed(instanceID: acme.id, email: "before@acme.example"),
                "a change begun before the refresh is still unconfirmed after it")
            try expect(
                try await stores.second.isUnconfirmed(instanceID: acme.id, email: "after@acme.example"),
                "a change begun after the refresh was confirmed by it")
        },
        StoreRequirement("refresh: one instance's refresh leaves another's mirror and records alone") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let other = try await ContractFixture.addInstance(store, "Other")
            try await ContractFixture.refresh(
                store, other, members: [ContractFixture.member("user_1", "a@other.example")], invites: [])
            try await ContractFixture.refresh(
                store, acme, members: [ContractFixture.member("user_1", "a@acme.example")], invites: [])
            try await ContractFixture.refresh(store, acme, members: [], invites: [])
            try expectEqual(
                try await store.mirror(instanceID: other.id)?.members.map(\.email), ["a@other.example"],
                "the other instance's mirror")
            try expectEqual(try await store.orderedRecords(instanceID: other.id).count, 1, "the other's records")
            try expectEqual(try await store.mirror(instanceID: acme.id)?.members.count, 0, "Acme's mirror")
        },
    ]
}
