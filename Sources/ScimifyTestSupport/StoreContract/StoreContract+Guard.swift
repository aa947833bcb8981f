import Foundation
import ScimifyCore
import ScimifyStorage

extension StoreContract {
    static let removalGuard: [StoreRequirement] = [
        StoreRequirement("guard: a window of the policy's size; past it removals are held, one per person") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let policy = RemovalGuardPolicy(maxRemovals: 2, windowMinutes: 10)
            let first = try store.wiring(for: acme, now: { ContractFixture.t0 }).removalGuard
            let second = try stores.second.wiring(for: acme, now: { ContractFixture.t0 }).removalGuard
            let t0 = ContractFixture.t0
            try expectEqual(
                try await first.admit(email: "a@acme.example", policy: policy, idpRequestID: nil, now: t0), .proceed,
                "first removal")
            try expectEqual(
                try await second.admit(email: "b@acme.example", policy: policy, idpRequestID: nil, now: t0), .proceed,
                "second removal, through the other handle")
            guard
                case .held(let held) = try await second.admit(
                    email: "C@acme.example", policy: policy, idpRequestID: "okta-3", now: t0)
            else { throw ContractViolation(description: "the third removal in the window was not held") }
            try expectEqual(
                held.reason,
                "held by the mass-removal guard: 2 removals from the IdP in the last 10 minutes (the limit is 2); "
                    + "Claude was not changed", "held reason")
            try expectEqual(held.idpRequestID, "okta-3", "IdP request id")
            // The same person again: the held removal that exists is kept.
            try expectEqual(
                try await first.admit(email: "c@acme.example", policy: policy, idpRequestID: "okta-4", now: t0),
                .held(held), "a second hold of the same person")
            // Past the window, slots are free again.
            try expectEqual(
                try await first.admit(
                    email: "d@acme.example", policy: policy, idpRequestID: nil, now: t0.addingTimeInterval(601)),
                .proceed, "a removal after the window")
            try expectEqual(
                try await first.admit(
                    email: "e@acme.example", policy: .init(maxRemovals: 0, windowMinutes: 10),
                    idpRequestID: nil, now: t0), .proceed, "a guard turned off")
            try expectEqual(try await second.heldRemovals(), [held], "held removals")
        },
        StoreRequirement("guard: held removals list oldest first with ties by id; taken or cancelled once") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let other = try await ContractFixture.addInstance(store, "Other")
            let policy = RemovalGuardPolicy(maxRemovals: 1, windowMinutes: 60)
            let guardOf = try store.wiring(for: acme, now: { ContractFixture.t0 }).removalGuard
            let t0 = ContractFixture.t0
            _ = try await guardOf.admit(email: "slot@acme.example", policy: policy, idpRequestID: nil, now: t0)
            var held: [HeldRemoval] = []
            for email in ["z@acme.example", "y@acme.example", "x@acme.example"] {
                if case .held(let one) = try await guardOf.admit(
                    email: email, policy: policy, idpRequestID: nil, now: t0)
                {
                    held.append(one)
                }
            }
            try expectEqual(held.count, 3, "held")
            let listed = try await guardOf.heldRemovals()
            try expectEqual(listed.map(\.id), held.map(\.id).sorted(), "order: one time, ties by id")
            let otherGuard = try store.wiring(for: other, now: { t0 }).removalGuard
            try expect(try await otherGuard.heldRemovals().isEmpty, "another instance sees Acme's held removals")
            try expect(try await otherGuard.take(id: held[0].id) == nil, "another instance took Acme's removal")
            try expectEqual(try await guardOf.take(id: held[0].id), held[0], "taken")
            try expect(try await guardOf.take(id: held[0].id) == nil, "taken twice")
            try expectEqual(try await guardOf.cancel(email: "Y@acme.example"), held[1], "cancelled")
            try expect(try await guardOf.cancel(email: "y@acme.example") == nil, "cancelled twice")
            try expectEqual(try await guardOf.heldRemovals(), [held[2]], "left")
        },
        StoreRequirement("guard: two handles admitting at once never both take the last slot") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let policy = RemovalGuardPolicy(maxRemovals: 5, windowMinutes: 60)
            let handles = [
                try store.wiring(for: acme, now: { ContractFixture.t0 }).removalGuard,
                try stores.second.wiring(for: acme, now: { ContractFixture.t0 }).removalGuard,
            ]
            let admissions = try await withThrowingTaskGroup(of: RemovalAdmission.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        try await handles[index % 2].admit(
                            email: "p\(index)@acme.example", policy: policy, idpRequestID: nil, now: ContractFixture.t0)
                    }
                }
                return try await group.reduce(into: [RemovalAdmission]()) { $0.append($1) }
            }
            try expectEqual(admissions.filter { $0 == .proceed }.count, 5, "removals let through")
            try expectEqual(try await handles[1].heldRemovals().count, 7, "removals held")
        },
    ]
}
