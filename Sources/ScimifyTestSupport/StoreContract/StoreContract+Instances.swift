import Foundation
import ScimifyCore
import ScimifyStorage

extension StoreContract {
    static let instances: [StoreRequirement] = [
        StoreRequirement("instances: a slug is derived from the name, unique, and refused when none can be made") {
            stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme Prod")
            try expectEqual(acme.slug, "acme-prod", "derived slug")
            do {
                _ = try await ContractFixture.addInstance(store, "ACME prod!")
                try expect(false, "a second instance with the slug acme-prod was added")
            } catch let error as StoreError {
                try expect(error.message.contains("already exists"), "duplicate refusal says so: \(error.message)")
            }
            do {
                _ = try await ContractFixture.addInstance(store, "!!!")
                try expect(false, "an instance with no letters or digits in its name was added")
            } catch let error as StoreError {
                try expect(error.message.contains("cannot derive a slug"), "invalid slug refusal: \(error.message)")
            }
            try expectEqual(try await store.instances().map(\.slug), ["acme-prod"], "instances after the refusals")
        },
        StoreRequirement("instances: listed oldest first; found by slug or by name, case-insensitively") { stores in
            let store = stores.store
            let one = try await ContractFixture.addInstance(store, "Zeta")
            let two = try await ContractFixture.addInstance(store, "Alpha")
            try expectEqual(try await store.instances().map(\.id), [one.id, two.id], "instances order")
            try expectEqual(try await store.instance(named: "ALPHA")?.id, two.id, "by display name")
            try expectEqual(try await store.instance(named: "zeta")?.id, one.id, "by slug")
            try expect(try await store.instance(named: "nobody") == nil, "an unknown name finds nothing")
            try expectEqual(try await store.resolveInstance("Zeta").id, one.id, "resolve by name")
            try expectEqual(try await stores.second.instances().map(\.id), [one.id, two.id], "second handle")
        },
        StoreRequirement("instances: the Admin API key is sealed and opens to what was given") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            try expectEqual(try await store.apiKey(of: acme), "sk-contract-Acme", "key")
            try expectEqual(try await stores.second.apiKey(of: acme), "sk-contract-Acme", "key on the second handle")
        },
        StoreRequirement("instances: a rotated SCIM token replaces the old one at once, on every handle") { stores in
            let store = stores.store
            let created = try await store.addInstance(
                name: "Acme", slug: nil, apiBaseURL: "http://127.0.0.1:9", apiKey: "k", mode: .enforce,
                now: ContractFixture.t0)
            let slug = created.instance.slug
            try expectEqual(
                try await store.authenticatedInstance(slug: slug, token: created.scimToken)?.id, created.instance.id,
                "the first token")
            let rotated = try await store.rotateToken(of: created.instance)
            try expect(rotated != created.scimToken, "rotation gave a new token")
            for handle in [store, stores.second] as [any StorePort] {
                try expect(
                    try await handle.authenticatedInstance(slug: slug, token: created.scimToken) == nil,
                    "the old token still opens the instance")
                try expectEqual(
                    try await handle.authenticatedInstance(slug: slug, token: rotated)?.id, created.instance.id,
                    "the rotated token")
            }
            try expect(
                try await store.authenticatedInstance(slug: "other", token: rotated) == nil,
                "a token opens only its own instance")
        },
        StoreRequirement(
            "instances: mode, guard, header colour and offboarding policy read back as set, each with its audit row"
        ) { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            try expectEqual(acme.offboardingKeys, .report, "default offboarding policy")
            try expectEqual(acme.removalGuard, .default, "default guard")
            let settings: [InstanceSetting] = [
                .mode(.dryRun), .removalGuard(RemovalGuardPolicy(maxRemovals: 3, windowMinutes: 15)),
                .headerColor(.red), .offboardingKeys(.deactivate),
            ]
            for setting in settings {
                try await store.changeSetting(setting, of: acme, actor: "cli:ops", at: ContractFixture.t0)
            }
            let rows = try await stores.second.auditEvents(instanceID: acme.id, since: nil, batchID: nil, limit: 10)
            try expectEqual(
                rows.reversed().map { "\($0.actor) \($0.action): \($0.detail)" },
                settings.map { "cli:ops \($0.auditAction): \($0.words)" }, "one audit row per setting, with it")
            for handle in [store, stores.second] as [any StorePort] {
                let read = try await handle.instance(named: "acme")
                try expectEqual(read?.mode, .dryRun, "mode")
                try expectEqual(read?.removalGuard, RemovalGuardPolicy(maxRemovals: 3, windowMinutes: 15), "guard")
                try expectEqual(read?.headerColor, .red, "header colour")
                try expectEqual(read?.offboardingKeys, .deactivate, "offboarding policy")
            }
        },
        StoreRequirement("instances: adding, rotating the token and removing write their audit rows with them") {
            stores in
            let store = stores.store
            func row(_ action: String) -> AuditEvent {
                AuditEvent(
                    at: ContractFixture.t0, instanceID: nil, instanceSlug: nil, actor: "cli:ops", action: action,
                    targetEmail: nil, outcome: .ok, detail: action)
            }
            let created = try await store.addInstance(
                name: "Audited", slug: nil, apiBaseURL: "http://127.0.0.1:9", apiKey: "sk-contract", mode: .enforce,
                now: ContractFixture.t0, audit: row("instance.add"))
            let instance = created.instance
            _ = try await store.rotateToken(of: instance, audit: row("instance.rotate_token").about(instance))
            var removal = row("instance.remove")
            removal.instanceSlug = instance.slug
            try await store.removeInstance(instance, audit: removal)
            let rows = try await stores.second.auditEvents(instanceID: nil, since: nil, batchID: nil, limit: 10)
            try expectEqual(
                rows.reversed().map {
                    "\($0.action) \($0.instanceID.map(String.init) ?? "-") \($0.instanceSlug ?? "-")"
                },
                [
                    "instance.add \(instance.id) audited", "instance.rotate_token \(instance.id) audited",
                    "instance.remove - audited",
                ], "each row written with its change, the new instance's id and slug on the first")
        },
        StoreRequirement("instances: removing one takes its records, mirror and intents, keeps the audit log") {
            stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let other = try await ContractFixture.addInstance(store, "Other")
            try await ContractFixture.refresh(
                store, acme, members: [ContractFixture.member("user_1", "jane@acme.example")], invites: [])
            try await store.wiring(for: acme, now: { ContractFixture.t0 }).journal.begin(
                ContractFixture.intent("intent-1", "jane@acme.example"))
            let before = try await store.auditEvents(instanceID: acme.id, since: nil, batchID: nil, limit: 100).count
            try await store.removeInstance(acme)
            try expectEqual(try await store.instances().map(\.id), [other.id], "instances left")
            try expect(try await store.mirror(instanceID: acme.id) == nil, "the mirror is gone")
            try expect(try await store.orderedRecords(instanceID: acme.id).isEmpty, "the records are gone")
            try expect(try await store.instancesWithUnfinishedIntents().isEmpty, "the intents are gone")
            try expectEqual(
                try await store.auditEvents(instanceID: acme.id, since: nil, batchID: nil, limit: 100).count, before,
                "audit rows kept")
        },
        StoreRequirement("instances: hostile text in a name is kept as data, NUL written as U+FFFD") { stores in
            let created = try await stores.store.addInstance(
                name: "Acme \u{1B}[31m\u{0}Prod", slug: "acme", apiBaseURL: "http://127.0.0.1:9", apiKey: "k",
                mode: .enforce, now: ContractFixture.t0)
            try expectEqual(created.instance.name, "Acme \u{1B}[31m\u{FFFD}Prod", "the name given back")
            try expectEqual(
                try await stores.store.instance(named: "acme")?.name, "Acme \u{1B}[31m\u{FFFD}Prod", "the name read")
        },
    ]
}
