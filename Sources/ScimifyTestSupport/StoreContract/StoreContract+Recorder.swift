import Foundation
import ScimifyCore
import ScimifyStorage

extension StoreContract {
    static let recorder: [StoreRequirement] = [
        StoreRequirement("recorder: an ok invite links the record, writes the mirror, counts and confirms the change") {
            stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            try await ContractFixture.refresh(store, acme, members: [], invites: [])
            let wiring = try store.wiring(for: acme, now: { ContractFixture.t0 })
            try await wiring.recorder.beginChange(email: "Jane@acme.example")
            try expect(
                try await stores.second.isUnconfirmed(instanceID: acme.id, email: "jane@acme.example"),
                "a change on its way is unconfirmed on every handle")
            let invite = ContractFixture.invite("invite_1", "jane@acme.example", .developer)
            try await ContractFixture.recordChange(
                store, acme, email: "jane@acme.example", ProvisioningOutcome(change: .invited, invite: invite),
                record: ContractFixture.record(acme, "jane@acme.example", id: "rec-jane"), role: .developer)
            try expect(
                try await !store.isUnconfirmed(instanceID: acme.id, email: "jane@acme.example"), "still unconfirmed")
            try expectEqual(try await wiring.journal.generation(of: "JANE@acme.example"), 1, "generation")
            let record = try await stores.second.record(instanceID: acme.id, id: "rec-jane")
            try expectEqual(record?.inviteID, "invite_1", "record linked to the invite")
            try expectEqual(record?.active, true, "record active")
            let state = try await stores.second.claudeState(
                instanceID: acme.id, email: "jane@acme.example", now: ContractFixture.t0)
            try expectEqual(state, MirroredPerson(role: .developer, kind: .pendingInvite, id: "invite_1"), "state")
            try expectEqual(
                try await store.mirrorPreview(instanceID: acme.id, limit: 10)?.pendingInviteCount, 1, "pending count")
        },
        StoreRequirement("recorder: a change with no record links the person's record, or makes one") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let member = ContractFixture.member("user_9", "Omar@acme.example", .billing)
            try await ContractFixture.recordChange(
                store, acme, email: "omar@acme.example",
                ProvisioningOutcome(change: .roleUpdated(from: .user, to: .billing), member: member),
                role: .billing)
            let made = try await store.record(instanceID: acme.id, email: "omar@acme.example")
            try expectEqual(made?.memberID, "user_9", "a new record points at the member")
            try expectEqual(made?.requestedRole, .billing, "the role asked for")
            try expectEqual(made?.source, .scim, "the change's source")
            // A removal of someone with no record makes none.
            try await ContractFixture.recordChange(
                store, acme, email: "nobody@acme.example",
                ProvisioningOutcome(
                    change: .memberRemoved, member: ContractFixture.member("user_8", "nobody@acme.example")))
            try expect(
                try await store.record(instanceID: acme.id, email: "nobody@acme.example") == nil,
                "a removal made a record")
            // A removal deactivates the person's record.
            try await ContractFixture.recordChange(
                store, acme, email: "omar@acme.example", ProvisioningOutcome(change: .memberRemoved, member: member))
            let removed = try await store.record(instanceID: acme.id, email: "omar@acme.example")
            try expect(
                removed?.active == false && removed?.memberID == nil, "removed record: \(String(describing: removed))")
        },
        StoreRequirement("recorder: a dry-run saves only the IdP's record; Claude's state and the count stay") {
            stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme", mode: .dryRun)
            try await ContractFixture.refresh(store, acme, members: [], invites: [])
            let invite = ContractFixture.invite("invite_2", "dry@acme.example")
            try await ContractFixture.recordChange(
                store, acme, email: "dry@acme.example", ProvisioningOutcome(change: .invited, invite: invite),
                record: ContractFixture.record(acme, "dry@acme.example", id: "rec-dry"), outcome: .dryRun)
            let record = try await store.record(instanceID: acme.id, id: "rec-dry")
            try expect(record != nil && record?.inviteID == nil, "dry-run record: \(String(describing: record))")
            try expect(
                try await store.claudeState(instanceID: acme.id, email: "dry@acme.example", now: ContractFixture.t0)
                    == nil, "a dry-run changed the mirror")
            try expectEqual(
                try await store.wiring(for: acme, now: { ContractFixture.t0 }).journal.generation(
                    of: "dry@acme.example"), 0, "generation after a dry-run")
        },
        StoreRequirement("recorder: a failed or refused change writes its audit row and nothing else") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            try await ContractFixture.refresh(store, acme, members: [], invites: [])
            try await store.wiring(for: acme, now: { ContractFixture.t0 }).recorder.beginChange(email: "f@acme.example")
            for result in [AuditEvent.Outcome.failed, .refused] {
                try await ContractFixture.recordChange(
                    store, acme, email: "f@acme.example",
                    ProvisioningOutcome(change: .invited, invite: ContractFixture.invite("invite_f", "f@acme.example")),
                    record: ContractFixture.record(acme, "f@acme.example", id: "rec-f"), outcome: result)
            }
            try expect(try await store.record(instanceID: acme.id, id: "rec-f") == nil, "a failure saved a record")
            try expect(
                try await store.claudeState(instanceID: acme.id, email: "f@acme.example", now: ContractFixture.t0)
                    == nil, "a failure changed the mirror")
            try expect(
                try await store.isUnconfirmed(instanceID: acme.id, email: "f@acme.example"),
                "a failure confirmed the change")
            let rows = try await store.auditEvents(instanceID: acme.id, since: nil, batchID: nil, limit: 10)
            try expectEqual(rows.prefix(2).map(\.outcome), [.refused, .failed], "audit rows, newest first")
        },
        StoreRequirement("recorder: what a change learned of Claude reaches the mirror, even when it failed") {
            stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let jane = ContractFixture.member("user_1", "jane@acme.example", .user)
            let old = ContractFixture.invite("invite_old", "omar@acme.example", .user)
            try await ContractFixture.refresh(store, acme, members: [jane], invites: [old])
            // A refused change (stale) found Jane gone: her member row goes and her record is marked.
            try await ContractFixture.recordChange(
                store, acme, email: "Jane@acme.example", nil, outcome: .refused,
                found: LiveFindings(noMember: true, invites: []))
            try expect(
                try await stores.second.claudeState(
                    instanceID: acme.id, email: "jane@acme.example", now: ContractFixture.t0) == nil,
                "a member Claude no longer has is still mirrored")
            let record = try await stores.second.record(instanceID: acme.id, email: "jane@acme.example")
            try expectEqual(record?.removedOutside, true, "her record is marked removed outside Scimify")
            try expectEqual(
                try await store.mirrorPreview(instanceID: acme.id, limit: 10)?.memberCount, 0, "member count")
            // An ok invite that learned Omar's old invite expired keeps the new one as the only pending invite.
            var expired = old
            expired.status = .expired
            let fresh = ContractFixture.invite("invite_new", "omar@acme.example", .developer)
            try await ContractFixture.recordChange(
                store, acme, email: "omar@acme.example",
                ProvisioningOutcome(
                    change: .invited, invite: fresh, found: LiveFindings(noMember: true, invites: [expired])),
                role: .developer)
            let mirror = try await stores.second.mirror(instanceID: acme.id)
            let statuses = Dictionary(uniqueKeysWithValues: (mirror?.invites ?? []).map { ($0.id, $0.status) })
            try expectEqual(statuses, ["invite_old": .expired, "invite_new": .pending], "invite statuses")
        },
        StoreRequirement("recorder: an outcome that ends an intent closes it in its transaction, only when ok") {
            stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let other = try await ContractFixture.addInstance(store, "Other")
            let journal = try store.wiring(for: acme, now: { ContractFixture.t0 }).journal
            try await journal.begin(ContractFixture.intent("intent-1", "jane@acme.example"))
            let otherJournal = try store.wiring(for: other, now: { ContractFixture.t0 }).journal
            try await otherJournal.begin(ContractFixture.intent("intent-2", "jane@acme.example"))
            let ending = ProvisioningOutcome(
                change: .reinvited(from: .user, to: .developer),
                invite: ContractFixture.invite("invite_n", "jane@acme.example", .developer), closesIntentID: "intent-1")
            // A failed record of it (its audit row alone) leaves the intent open for a resume.
            try await ContractFixture.recordChange(store, acme, email: "jane@acme.example", ending, outcome: .failed)
            try expectEqual(try await journal.unfinished().map(\.id), ["intent-1"], "open after a failed record")
            try await ContractFixture.recordChange(store, acme, email: "jane@acme.example", ending, role: .developer)
            let secondJournal = try stores.second.wiring(for: acme, now: { ContractFixture.t0 }).journal
            try expect(try await secondJournal.unfinished().isEmpty, "the ok record closed the intent")
            var foreign = ending
            foreign.closesIntentID = "intent-2"
            try await ContractFixture.recordChange(store, acme, email: "jane@acme.example", foreign, role: .developer)
            try expectEqual(try await otherJournal.unfinished().map(\.id), ["intent-2"], "another instance's intent")
        },
        StoreRequirement("recorder: before the first refresh a change writes no mirror") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            try await ContractFixture.recordChange(
                store, acme, email: "early@acme.example",
                ProvisioningOutcome(change: .invited, invite: ContractFixture.invite("invite_e", "early@acme.example")))
            try expect(try await store.mirror(instanceID: acme.id) == nil, "a mirror appeared without a refresh")
            try expect(
                try await store.mirrorPreview(instanceID: acme.id, limit: 5) == nil, "a preview without a mirror")
            try expectEqual(
                try await store.record(instanceID: acme.id, email: "early@acme.example")?.inviteID, "invite_e",
                "the record is linked all the same")
        },
        StoreRequirement("recorder: a trusted state is the mirror's word unless a change is unconfirmed") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            try await ContractFixture.refresh(
                store, acme, members: [ContractFixture.member("user_1", "jane@acme.example", .developer)], invites: [])
            let recorder = try store.wiring(for: acme, now: { ContractFixture.t0 }).recorder
            try expectEqual(
                try await recorder.trustedState(of: "JANE@acme.example", now: ContractFixture.t0),
                TrustedClaudeState(role: .developer, kind: "member"), "trusted state")
            try expect(
                try await recorder.trustedState(of: "nobody@acme.example", now: ContractFixture.t0) == nil,
                "a person the mirror does not hold")
            try await recorder.beginChange(email: "jane@acme.example")
            try expect(
                try await recorder.trustedState(of: "jane@acme.example", now: ContractFixture.t0) == nil,
                "an unconfirmed change is still trusted")
        },
    ]
}
