import AdminAPISimulator
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat
import NIOHTTP1
import ScimifyTestSupport
import Testing

/// Raw HTTP against the simulator: the wire format a real client sees, independent of our client.
@Suite(.timeLimit(.minutes(5))) struct SimulatorWireTests {
    struct Raw {
        let status: Int
        let json: [String: Any]
        let headers: [String: String]
    }

    private func call(
        _ sim: RunningSimulator, _ method: String, _ path: String, body: String? = nil, key: String? = nil
    )
        async throws -> Raw
    {
        var request = HTTPClientRequest(url: sim.baseURL + path)
        request.method = .init(rawValue: method)
        request.headers.add(name: "x-api-key", value: key ?? AdminAPISimulator.Configuration.defaultAdminKey)
        request.headers.add(name: "anthropic-version", value: "2023-06-01")
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 24)
        let json = (try? JSONSerialization.jsonObject(with: Data(buffer: bytes))) as? [String: Any] ?? [:]
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return Raw(status: Int(response.status.code), json: json, headers: headers)
    }

    private func ids(_ raw: Raw) -> [String] {
        (raw.json["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    @Test func defaultPageIsTwentyNewestFirstWithCursors() async throws {
        try await withSimulator { sim in
            let page = try await call(sim, "GET", "/v1/organizations/users")
            #expect(page.status == 200)
            #expect(page.headers["content-type"] == "application/json")
            #expect(page.headers["request-id"]?.hasPrefix("req_") == true)
            let first = ids(page)
            #expect(first.count == 20)
            #expect(page.json["has_more"] as? Bool == true)
            #expect(page.json["first_id"] as? String == first.first)
            #expect(page.json["last_id"] as? String == first.last)
            #expect(first == first.sorted(by: >))  // ids grow with creation: newest first
            let next = try await call(sim, "GET", "/v1/organizations/users?after_id=\(first.last!)&limit=20")
            #expect(Set(ids(next)).isDisjoint(with: first))
            let back = try await call(sim, "GET", "/v1/organizations/users?before_id=\(ids(next).first!)&limit=20")
            #expect(ids(back) == first)
            let rest = try await call(sim, "GET", "/v1/organizations/users?after_id=\(ids(next).last!)&limit=1000")
            #expect(rest.json["has_more"] as? Bool == false)
            #expect(first.count + ids(next).count + ids(rest).count == 41)
        }
    }

    @Test func emptyPagesHaveNullCursors() async throws {
        try await withSimulator(.init(seed: .empty)) { sim in
            let page = try await call(sim, "GET", "/v1/organizations/invites")
            #expect(ids(page).isEmpty)
            #expect(page.json["first_id"] is NSNull)
            #expect(page.json["has_more"] as? Bool == false)
        }
    }

    @Test(arguments: ["limit=0", "limit=1001", "limit=abc", "after_id=user_x&before_id=user_y", "after_id=nope"])
    func badPagingParametersAreInvalidRequests(_ query: String) async throws {
        try await withSimulator { sim in
            let raw = try await call(sim, "GET", "/v1/organizations/users?\(query)")
            #expect(raw.status == 400)
            let error = raw.json["error"] as? [String: Any]
            #expect(error?["type"] as? String == "invalid_request_error")
            #expect(raw.json["type"] as? String == "error")
        }
    }

    @Test func wrongOrMissingKeyIsAnAuthenticationErrorEnvelope() async throws {
        try await withSimulator { sim in
            let raw = try await call(sim, "GET", "/v1/organizations/me", key: "nope")
            #expect(raw.status == 401)
            #expect((raw.json["error"] as? [String: Any])?["type"] as? String == "authentication_error")
            #expect(raw.headers["request-id"] != nil)
        }
    }

    @Test func emailFilterIsCaseInsensitive() async throws {
        try await withSimulator { sim in
            let users = try await call(sim, "GET", "/v1/organizations/users?email=JANE.Smith%40ACME.example")
            #expect(ids(users).count == 1)
            let invites = try await call(sim, "GET", "/v1/organizations/invites?email=NEW.HIRE1%40acme.example")
            #expect(ids(invites).count == 1)
        }
    }

    @Test func invitesExpireAfterTwentyOneDaysOnTheSimulatedClock() async throws {
        try await withSimulator(.init(seed: .empty)) { sim in
            let created = try await call(
                sim, "POST", "/v1/organizations/invites", body: #"{"email":"t@x.example","role":"user"}"#)
            #expect(created.status == 200)
            #expect(created.json["status"] as? String == "pending")
            #expect(created.json["accepted_at"] is NSNull)
            let id = try #require(created.json["id"] as? String)
            await sim.simulator.organization.advanceClock(by: 21 * 86_400 - 60)
            #expect(
                try await call(sim, "GET", "/v1/organizations/invites/\(id)").json["status"] as? String == "pending")
            await sim.simulator.organization.advanceClock(by: 120)
            #expect(
                try await call(sim, "GET", "/v1/organizations/invites/\(id)").json["status"] as? String == "expired")
            let delete = try await call(sim, "DELETE", "/v1/organizations/invites/\(id)")
            #expect(delete.status == 400)
        }
    }

    @Test func acceptedInviteBecomesAMemberWithItsRole() async throws {
        try await withSimulator(.init(seed: .empty)) { sim in
            let created = try await call(
                sim, "POST", "/v1/organizations/invites", body: #"{"email":"a@x.example","role":"billing"}"#)
            let id = try #require(created.json["id"] as? String)
            _ = try await sim.simulator.organization.acceptInvite(id: id)
            let invite = try await call(sim, "GET", "/v1/organizations/invites/\(id)")
            #expect(invite.json["status"] as? String == "accepted")
            let users = try await call(sim, "GET", "/v1/organizations/users?email=a%40x.example")
            let user = (users.json["data"] as? [[String: Any]])?.first
            #expect(user?["role"] as? String == "billing")
            let again = try await call(
                sim, "POST", "/v1/organizations/invites", body: #"{"email":"A@x.example","role":"user"}"#)
            #expect(
                ((again.json["error"] as? [String: Any])?["details"] as? [String: Any])?["error_code"] as? String
                    == "already_member")
        }
    }

    @Test func deletesAnswerWithTheirDeletedTypes() async throws {
        try await withSimulator { sim in
            let member = try #require(await sim.simulator.organization.member(email: "jane.smith@acme.example"))
            let removed = try await call(sim, "DELETE", "/v1/organizations/users/\(member.id)")
            #expect(removed.json["type"] as? String == "user_deleted")
            let invite = try #require(
                await sim.simulator.organization.pendingInvites(email: "new.hire1@acme.example").first)
            let cancelled = try await call(sim, "DELETE", "/v1/organizations/invites/\(invite.id)")
            #expect(cancelled.json["type"] as? String == "invite_deleted")
            let listed = try await call(sim, "GET", "/v1/organizations/invites?limit=1000")
            #expect(!ids(listed).contains(invite.id))  // deleted invites are not listed
        }
    }

    @Test func malformedBodiesAreInvalidRequests() async throws {
        try await withSimulator { sim in
            for body in [
                "{", #"{"email":"x@y.example"}"#, #"{"email":"not-an-email","role":"user"}"#,
                #"{"email":"x@y.example","role":"owner"}"#,
            ] {
                let raw = try await call(sim, "POST", "/v1/organizations/invites", body: body)
                #expect(raw.status == 400, "\(body)")
            }
        }
    }

    @Test func rateLimitAnswers429WithRetryAfter() async throws {
        try await withSimulator(.init(limits: .init(requestsPerWindow: 1, windowSeconds: 30))) { sim in
            #expect(try await call(sim, "GET", "/v1/organizations/me").status == 200)
            let limited = try await call(sim, "GET", "/v1/organizations/me")
            #expect(limited.status == 429)
            #expect((limited.json["error"] as? [String: Any])?["type"] as? String == "rate_limit_error")
            let retryAfter = try #require(limited.headers["retry-after"].flatMap(Int.init))
            #expect((1...30).contains(retryAfter))
        }
    }

    @Test func faultsRepeatForTheSameSeed() async throws {
        func statuses(seed: UInt64) async throws -> [Int] {
            try await withSimulator { sim in
                await sim.simulator.traffic.setFaults(.init(seed: seed, error500: 0.3, error529: 0.2))
                var result: [Int] = []
                for _ in 0..<30 { result.append(try await call(sim, "GET", "/v1/organizations/me").status) }
                return result
            }
        }
        let first = try await statuses(seed: 42)
        #expect(try await statuses(seed: 42) == first)
        #expect(first.contains(500) && first.contains(529) && first.contains(200))
    }

    @Test func seedsParse() {
        #expect(SimulatorSeed(parsing: "generated:10000,2000") == .generated(members: 10_000, invites: 2000))
        #expect(SimulatorSeed(parsing: "demo") == .demo)
        #expect(SimulatorSeed(parsing: "generated:0,1") == nil)
        #expect(SimulatorSeed(parsing: "generated:1") == nil)
        #expect(SimulatorSeed(parsing: "other") == nil)
    }

    @Test func demoSeedHasTheAdvertisedShape() async throws {
        try await withSimulator { sim in
            let users = try await call(sim, "GET", "/v1/organizations/users?limit=1000")
            let rows = users.json["data"] as? [[String: Any]] ?? []
            let roles = rows.compactMap { $0["role"] as? String }
            #expect(roles.filter { $0 == "admin" }.count == 1)
            for role in ["user", "developer", "billing", "claude_code_user"] {
                #expect(roles.filter { $0 == role }.count >= 3)
            }
            let names = rows.compactMap { $0["name"] as? String }
            #expect(names.contains("José García") && names.contains("李伟") && names.contains("Sam 🚀 Rivera"))
            let invites = try await call(sim, "GET", "/v1/organizations/invites?limit=1000")
            let statuses = (invites.json["data"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String }
            #expect(statuses.count == 12)
            #expect(Set(statuses) == ["pending", "expired", "accepted"])
        }
    }

    /// API keys as the official SDK's models have them (spec §14.1): every documented field present, `null` where
    /// absent (`created_by`, `principal`, `expires_at`, the deprecated `workspace_id` of the Default Workspace).
    @Test func apiKeysCarryEveryDocumentedFieldWithNulls() async throws {
        try await withSimulator { sim in
            let page = try await call(sim, "GET", "/v1/organizations/api_keys?limit=1000")
            #expect(page.status == 200 && page.json["has_more"] as? Bool == false)
            let keys = page.json["data"] as? [[String: Any]] ?? []
            #expect(keys.count == 7)
            for key in keys {
                for field in [
                    "type", "id", "name", "created_at", "created_by", "expires_at", "status",
                    "partial_key_hint", "principal", "scope", "workspace_id",
                ] {
                    #expect(key.keys.contains(field), "\(field) missing from \(key["name"] ?? "?")")
                }
                #expect(key["type"] as? String == "api_key")
            }
            let unowned = try #require(keys.first { $0["name"] as? String == "legacy-import" })
            #expect(unowned["created_by"] is NSNull && unowned["principal"] is NSNull)
            #expect(
                unowned["workspace_id"] is NSNull && (unowned["scope"] as? [String: Any])?["workspace_id"] is String)
            let personal = try #require(keys.first { $0["name"] as? String == "jane-laptop" })
            #expect((personal["principal"] as? [String: Any])?["type"] as? String == "user_actor")
            #expect(try await call(sim, "GET", "/v1/organizations/api_keys?status=gone").status == 400)
            let expired = try await call(
                sim, "POST", "/v1/organizations/api_keys/\(personal["id"] as? String ?? "")",
                body: #"{"status":"expired"}"#)
            #expect(expired.status == 400, "expired cannot be set")
            let workspaces = try await call(sim, "GET", "/v1/organizations/workspaces")
            #expect((workspaces.json["data"] as? [[String: Any]])?.count == 2, "archived ones only when asked")
            #expect((workspaces.json["data"] as? [[String: Any]])?.first?["archived_at"] is NSNull)
        }
    }
}
