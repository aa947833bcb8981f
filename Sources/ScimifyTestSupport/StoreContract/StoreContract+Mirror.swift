import Foundation
import ScimifyCore
import ScimifyStorage

extension StoreContract {
    static let mirror: [StoreRequirement] = [
        StoreRequirement(
            "mirror: Claude's state is the member over any invite, else the newest unexpired pending invite"
        ) { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let t0 = ContractFixture.t0
            try await ContractFixture.refresh(
                store, acme,
                members: [ContractFixture.member("user_1", "both@acme.example", .billing)],
                invites: [
                    ContractFixture.invite("invite_a", "Both@acme.example", .developer),
                    ContractFixture.invite("invite_old", "two@acme.example", .user, at: t0.addingTimeInterval(-60)),
                    ContractFixture.invite("invite_new", "two@acme.example", .developer),
                    ContractFixture.invite("invite_tie", "two@acme.example", .billing),
                    ContractFixture.invite(
                        "invite_x", "expired@acme.example", .developer, at: t0.addingTimeInterval(-30 * 86_400),
                        expires: t0.addingTimeInterval(-86_400)),
                    ContractFixture.invite("invite_d", "deleted@acme.example", .developer, .deleted),
                ])
            let expected: [String: MirroredPerson] = [
                "both@acme.example": MirroredPerson(role: .billing, kind: .member, id: "user_1"),
                // Two invites at the same time: the greater id is the newer.
                "two@acme.example": MirroredPerson(role: .billing, kind: .pendingInvite, id: "invite_tie"),
            ]
            for handle in [store, stores.second] as [any StorePort] {
                for email in ["both@acme.example", "TWO@acme.example", "expired@acme.example", "deleted@acme.example"] {
                    try expectEqual(
                        try await handle.claudeState(instanceID: acme.id, email: email, now: t0),
                        expected[EmailAddress.key(email)], "state of \(email)")
                }
                try expectEqual(
                    try await handle.mirroredPeople(instanceID: acme.id, emails: nil, now: t0), expected, "everyone")
                try expectEqual(
                    try await handle.mirroredPeople(instanceID: acme.id, emails: ["Two@acme.example"], now: t0),
                    ["two@acme.example": expected["two@acme.example"]!], "people asked for")
                try expectEqual(
                    try await handle.mirroredPeople(instanceID: acme.id, emails: [], now: t0), [:], "nobody asked for")
            }
        },
        StoreRequirement("mirror: a re-invite retires the email's other pending invites") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            try await ContractFixture.refresh(
                store, acme, members: [], invites: [ContractFixture.invite("invite_1", "jane@acme.example")])
            let newer = ContractFixture.invite(
                "invite_2", "Jane@acme.example", .developer, at: ContractFixture.t0.addingTimeInterval(5))
            try await ContractFixture.recordChange(
                store, acme, email: "jane@acme.example",
                ProvisioningOutcome(change: .reinvited(from: .user, to: .developer), invite: newer))
            let mirror = try await stores.second.mirror(instanceID: acme.id)
            let statuses = Dictionary(uniqueKeysWithValues: (mirror?.invites ?? []).map { ($0.id, $0.status) })
            try expectEqual(statuses, ["invite_1": .deleted, "invite_2": .pending], "invite statuses")
            try expectEqual(
                try await store.mirrorPreview(instanceID: acme.id, limit: 5)?.pendingInviteCount, 1, "pending count")
        },
        StoreRequirement("mirror: a member change accepts their pending invite; a removal drops the member") {
            stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            try await ContractFixture.refresh(
                store, acme, members: [ContractFixture.member("user_2", "omar@acme.example")],
                invites: [ContractFixture.invite("invite_j", "jane@acme.example")])
            let jane = ContractFixture.member("user_j", "jane@acme.example", .developer)
            try await ContractFixture.recordChange(
                store, acme, email: "jane@acme.example",
                ProvisioningOutcome(change: .roleUpdated(from: .user, to: .developer), member: jane))
            var mirror = try await store.mirror(instanceID: acme.id)
            try expectEqual(mirror?.invites.map(\.status), [.accepted], "the invite once Jane is a member")
            try expectEqual(Set(mirror?.members.map(\.id) ?? []), ["user_2", "user_j"], "members")
            try await ContractFixture.recordChange(
                store, acme, email: "OMAR@acme.example",
                ProvisioningOutcome(
                    change: .memberRemoved, member: ContractFixture.member("user_2", "omar@acme.example")))
            mirror = try await stores.second.mirror(instanceID: acme.id)
            try expectEqual(mirror?.members.map(\.id), ["user_j"], "members after the removal")
            try expectEqual(try await store.mirrorPreview(instanceID: acme.id, limit: 5)?.memberCount, 1, "count")
        },
        StoreRequirement("mirror: a cancelled invite is marked deleted, by id or the email's pending ones") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            try await ContractFixture.refresh(
                store, acme, members: [],
                invites: [
                    ContractFixture.invite("invite_1", "a@acme.example"),
                    ContractFixture.invite("invite_2", "b@acme.example"),
                ])
            try await ContractFixture.recordChange(
                store, acme, email: "a@acme.example",
                ProvisioningOutcome(
                    change: .inviteCancelled, invite: ContractFixture.invite("invite_1", "a@acme.example")))
            try await ContractFixture.recordChange(
                store, acme, email: "B@acme.example", ProvisioningOutcome(change: .inviteCancelled))
            let statuses = try await store.mirror(instanceID: acme.id)?.invites.map(\.status)
            try expectEqual(statuses, [.deleted, .deleted], "statuses")
            try expect(
                try await store.claudeState(instanceID: acme.id, email: "b@acme.example", now: ContractFixture.t0)
                    == nil, "a cancelled invite still counts")
        },
        StoreRequirement("mirror: lists newest first with ties by id; the preview by email with ties by id") {
            stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let t0 = ContractFixture.t0
            try await ContractFixture.refresh(
                store, acme,
                members: [
                    ContractFixture.member("user_b", "Same@acme.example"),
                    ContractFixture.member("user_c", "zed@acme.example", at: t0.addingTimeInterval(9)),
                    ContractFixture.member("user_a", "same@acme.example"),
                    ContractFixture.member("user_d", "Apple@acme.example"),
                ],
                invites: [
                    ContractFixture.invite("invite_b", "b@acme.example"),
                    ContractFixture.invite("invite_a", "a@acme.example"),
                    ContractFixture.invite("invite_c", "c@acme.example", at: t0.addingTimeInterval(9)),
                ])
            for handle in [store, stores.second] as [any StorePort] {
                let mirror = try await handle.mirror(instanceID: acme.id)
                try expectEqual(mirror?.members.map(\.id), ["user_c", "user_a", "user_b", "user_d"], "members order")
                try expectEqual(mirror?.invites.map(\.id), ["invite_c", "invite_a", "invite_b"], "invites order")
                let preview = try await handle.mirrorPreview(instanceID: acme.id, limit: 3)
                try expectEqual(preview?.members.map(\.id), ["user_d", "user_a", "user_b"], "preview members")
                try expectEqual(preview?.invites.map(\.id), ["invite_c", "invite_a", "invite_b"], "preview invites")
                try expectEqual(preview?.memberCount, 4, "preview member count")
            }
        },
    ]
}
