import Foundation
import ScimifyCore
import ScimifyStorage

extension StoreContract {
    static let requestLog: [StoreRequirement] = [
        StoreRequirement(
            "request log: newest first by id, filtered by instance, unknown instance, status, person, time"
        ) { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let other = try await ContractFixture.addInstance(store, "Other")
            let t0 = ContractFixture.t0
            try await store.appendLoggedRequests([
                ContractFixture.loggedRequest(acme, status: 201, person: "Jane@Acme.example", at: t0),
                ContractFixture.loggedRequest(nil, slug: "nope", status: 401, at: t0.addingTimeInterval(1)),
                ContractFixture.loggedRequest(other, status: 400, person: "jane@acme.example", at: t0),
                ContractFixture.loggedRequest(acme, status: 404, at: t0.addingTimeInterval(2)),
            ])
            let all = try await stores.second.loggedRequests(RequestLogQuery())
            try expectEqual(all.map(\.status), [404, 400, 401, 201], "newest first by id, whatever the time")
            try expect(all.map(\.id) == all.map(\.id).sorted(by: >), "ids grow: \(all.map(\.id))")
            try expectEqual(
                try await store.loggedRequests(RequestLogQuery(scope: .instance(acme.id))).map(\.status), [404, 201],
                "one instance's")
            try expectEqual(
                try await store.loggedRequests(RequestLogQuery(scope: .unknownInstance)).map(\.instanceSlug), ["nope"],
                "no known instance")
            try expectEqual(
                try await store.loggedRequests(RequestLogQuery(status: .statusClass(4))).map(\.status),
                [404, 400, 401], "4xx")
            try expectEqual(
                try await store.loggedRequests(RequestLogQuery(status: .exactly(401))).count, 1, "exactly 401")
            try expectEqual(
                try await store.loggedRequests(RequestLogQuery(person: "JANE@acme.EXAMPLE")).map(\.status), [400, 201],
                "a person, case-insensitively")
            try expectEqual(
                try await store.loggedRequests(RequestLogQuery(since: t0.addingTimeInterval(1))).map(\.status),
                [404, 401], "since")
            try expectEqual(
                try await store.loggedRequests(RequestLogQuery(beforeID: all[1].id, limit: 1)).map(\.status), [401],
                "the next page")
            let one = try requireValue(try await store.loggedRequest(id: all[3].id), "by id")
            var expected = ContractFixture.loggedRequest(acme, status: 201, person: "Jane@Acme.example", at: t0)
            expected.id = one.id
            expected.instanceID = acme.id
            try expectEqual(one, expected, "every field reads back as written")
            try expect(try await store.loggedRequest(id: 999_999) == nil, "an unknown id")
        },
        StoreRequirement("request log: hostile text is kept as data, NUL as U+FFFD, every field capped") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            var hostile = ContractFixture.loggedRequest(acme, status: 400, person: "a\u{0}b\u{1B}[31m@x.example")
            hostile.path = String(repeating: "p", count: 10_000)
            hostile.requestBody = "{\"userName\":\"nul\u{0}here\"}" + String(repeating: "b", count: 40_000)
            hostile.anthropicRequestIDs = ["req_1,req_2", ""]
            try await store.appendLoggedRequests([hostile])
            let stored = try requireValue(try await store.loggedRequests(RequestLogQuery()).first, "the row")
            try expectEqual(stored.person, "a\u{FFFD}b\u{1B}[31m@x.example", "NUL replaced, escapes kept as data")
            try expect(stored.path.count <= 2000, "path capped: \(stored.path.count)")
            try expect(stored.requestBody.count <= RequestLogRedaction.bodyLimit + 64, "body capped")
            try expect(stored.requestBody.hasPrefix("{\"userName\":\"nul\u{FFFD}here\"}"), "body kept")
            try expectEqual(stored.anthropicRequestIDs, ["req_1"], "request ids cut at a comma, empty dropped")
            try expectEqual(
                try await store.loggedRequests(RequestLogQuery(person: "a\u{0}b\u{1B}[31m@X.example")).count, 1,
                "found by the hostile person it was written with")
        },
        StoreRequirement("request log: retention keeps the newest per instance and deletes in batches") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            let other = try await ContractFixture.addInstance(store, "Other")
            let t0 = ContractFixture.t0
            try await store.appendLoggedRequests(
                (0..<25).map { ContractFixture.loggedRequest(acme, status: 200, at: t0.addingTimeInterval(Double($0))) }
                    + (0..<3).map { _ in ContractFixture.loggedRequest(other, status: 200, at: t0) }
                    + (0..<12).map { _ in ContractFixture.loggedRequest(nil, slug: "nope", status: 401, at: t0) })
            let retention = RequestLogRetention(maximumAge: 86_400, maximumCount: 10, batchSize: 4)
            let pruning = try await stores.second.pruneRequestLog(retention, now: t0.addingTimeInterval(60))
            try expectEqual(pruning.deleted, 15 + 2, "15 of acme's and 2 of the unknown instance's")
            let kept = try await store.loggedRequests(RequestLogQuery(scope: .instance(acme.id)))
            try expectEqual(kept.map(\.at), (15..<25).reversed().map { t0.addingTimeInterval(Double($0)) }, "newest 10")
            try expectEqual(
                try await store.loggedRequests(RequestLogQuery(scope: .instance(other.id))).count, 3, "under the limit")
            try expectEqual(
                try await store.loggedRequests(RequestLogQuery(scope: .unknownInstance)).count, 10, "unknown: 10")
            try expect(pruning.batches >= 5, "deleted 4 at a time: \(pruning.batches) batches")
            let aged = try await store.pruneRequestLog(retention, now: t0.addingTimeInterval(86_400 + 20))
            try expectEqual(
                try await store.loggedRequests(RequestLogQuery(scope: .instance(acme.id))).map(\.at),
                (20..<25).reversed().map { t0.addingTimeInterval(Double($0)) }, "older than a day went")
            try expectEqual(aged.deleted, 5 + 3 + 10, "by age, every bucket")
        },
        StoreRequirement("request log: removing an instance removes its requests, not the unknown ones") { stores in
            let store = stores.store
            let acme = try await ContractFixture.addInstance(store, "Acme")
            try await store.appendLoggedRequests([
                ContractFixture.loggedRequest(acme, status: 200),
                ContractFixture.loggedRequest(nil, slug: "nope", status: 401),
            ])
            try await store.removeInstance(acme, audit: nil)
            try expectEqual(
                try await store.loggedRequests(RequestLogQuery()).map(\.status), [401], "the unknown instance's stays")
        },
    ]
}

/// `value` unwrapped, else a violation naming `what`.
func requireValue<T>(_ value: T?, _ what: String, line: Int = #line) throws -> T {
    guard let value else { throw ContractViolation(description: "\(what): nothing (StoreContract line \(line))") }
    return value
}
