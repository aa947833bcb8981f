import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifyTestSupport
import Testing

/// What SCIM compliance testers and careful clients check: attributes returned "always", media types,
/// `Expect: 100-continue`, and a clear word for JSON nested too deep. Over HTTP.
@Suite(.timeLimit(.minutes(5))) struct SCIMProtocolDetailsTests {
    private func scim<T: Sendable>(_ body: @Sendable (RunningSimulator, RunningSCIMServer) async throws -> T)
        async throws -> T
    {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            return try await withSCIMServer(fixture) { server in try await body(sim, server) }
        }
    }

    /// The scheme is case-insensitive and spaces and tabs around the token are allowed (RFC 9110's optional
    /// whitespace), and the token alone is accepted too; anything else around it, a missing token or another
    /// scheme is 401.
    @Test func bearerTokensAreReadWhateverTheSchemesCaseAndSurroundingWhitespace() async throws {
        try await scim { _, server in
            let token = server.fixture.scimToken
            for header in [
                "Bearer \(token)", "bearer \(token)", "BEARER \t\(token)  ", " \tBearer   \(token)\t", token,
            ] {
                let status = try await server.call("GET", "/Users?count=1", token: header).status
                #expect(status == 200, "\(header)")
            }
            for header in ["Bearer", "Bearer ", "Basic \(token)", "Bearer \u{A0}\(token)", "Bearer\(token)"] {
                let status = try await server.call("GET", "/Users?count=1", token: header).status
                #expect(status == 401, "\(header)")
            }
        }
    }

    /// RFC 7643 section 7: `id`, `schemas` and `userName` are returned "always", and so is every attribute
    /// this server's `/Schemas` declares "always" (`active`): scim2-tester's `object_query_with_attributes` and
    /// `object_list_with_attributes` validate responses against that declaration.
    @Test func attributesAndExcludedAttributesNeverDropWhatTheSchemaReturnsAlways() async throws {
        try await scim { _, server in
            let schema = try await server.call("GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User")
            let declared = try #require(schema.json["attributes"] as? [[String: Any]])
            let always = declared.filter { $0["returned"] as? String == "always" }.compactMap { $0["name"] as? String }
            #expect(Set(always) == ["id", "userName", "active"])
            let created = try await server.call(
                "POST", "/Users", body: #"{"userName":"attr@acme.example","displayName":"Attr"}"#)
            let id = try #require(created.json["id"] as? String)
            for query in [
                "attributes=displayName", "attributes=emails", "excludedAttributes=userName",
                "excludedAttributes=userName,id,active",
            ] {
                let one = try await server.call("GET", "/Users/\(id)?\(query)")
                #expect(one.status == 200)
                #expect(one.json["userName"] as? String == "attr@acme.example", "\(query): \(one.text)")
                #expect(one.json["id"] as? String == id && one.json["schemas"] != nil, "\(query)")
                for name in always { #expect(one.json[name] != nil, "\(query) dropped \(name)") }
                let listed = try await server.call(
                    "GET", "/Users?filter=userName%20eq%20%22attr@acme.example%22&\(query)")
                let resource = try #require((listed.json["Resources"] as? [[String: Any]])?.first)
                #expect(
                    resource["userName"] as? String == "attr@acme.example" && resource["id"] as? String == id,
                    "\(query)")
                for name in always { #expect(resource[name] != nil, "\(query) dropped \(name) from the list") }
            }
            let only = try await server.call("GET", "/Users/\(id)?attributes=displayName")
            #expect(only.json["displayName"] as? String == "Attr" && only.json["emails"] == nil)
            let without = try await server.call("GET", "/Users/\(id)?excludedAttributes=displayName")
            #expect(without.json["displayName"] == nil && without.json["active"] != nil)
        }
    }

    @Test func writesAcceptSCIMAndPlainJSONOrNoTypeAndRefuseOthersWith415() async throws {
        try await scim { sim, server in
            for (index, type) in [
                "application/json", "application/scim+json; charset=utf-8", "Application/JSON;charset=UTF-8", "",
            ].enumerated() {
                let created = try await server.call(
                    "POST", "/Users", body: #"{"userName":"t\#(index)@acme.example"}"#, headers: ["content-type": type])
                #expect(created.status == 201, "\(type): \(created.text)")
            }
            let writes = await sim.simulator.traffic.writeCount()
            for type in [
                "text/plain", "application/x-www-form-urlencoded", "application/jsonx",
                "multipart/form-data; boundary=x",
            ] {
                let refused = try await server.call(
                    "POST", "/Users", body: #"{"userName":"bad@acme.example"}"#, headers: ["content-type": type])
                #expect(refused.status == 415, "\(type)")
                #expect((refused.json["schemas"] as? [String]) == ["urn:ietf:params:scim:api:messages:2.0:Error"])
                #expect(
                    (refused.json["detail"] as? String)?.hasPrefix(
                        "the request body must be application/scim+json or application/json") == true)
            }
            let id =
                try #require(
                    try await server.call("GET", "/Users?filter=userName%20eq%20%22t0@acme.example%22").json[
                        "Resources"] as? [[String: Any]]
                ).first?["id"] as? String
            let patch = try await server.call(
                "PATCH", "/Users/\(try #require(id))", body: #"{"Operations":[]}"#,
                headers: ["content-type": "text/xml"])
            #expect(patch.status == 415)
            #expect(await sim.simulator.traffic.writeCount() == writes, "a refused media type sends nothing to Claude")
        }
    }

    @Test func expect100ContinueIsAnsweredAtOnce() async throws {
        try await scim { sim, server in
            // Over 1 KB, as curl's threshold for asking.
            let body =
                #"{"userName":"continue@acme.example","displayName":""# + String(repeating: "x", count: 1_000)
                + #"","externalId":""# + String(repeating: "y", count: 500) + #""}"#
            let connection = try RawHTTPConnection(port: server.port)
            try connection.send(
                "POST /instances/\(server.fixture.instance.slug)/scim/v2/Users HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer \(server.fixture.scimToken)\r\nContent-Type: application/scim+json\r\n"
                    + "Content-Length: \(body.utf8.count)\r\nExpect: 100-continue\r\n\r\n")
            // The interim answer comes while the body is still held back (without it the server would wait forever).
            let interim = try #require(
                connection.read(until: "\r\n\r\n", seconds: 5), "no 100 Continue before the body")
            #expect(interim.hasPrefix("HTTP/1.1 100 Continue"), "\(interim)")
            try connection.send(body)
            let final = try #require(connection.read(until: "\r\n\r\n", seconds: 10))
            #expect(final.hasPrefix("HTTP/1.1 201"), "\(final)")
            #expect(await sim.simulator.organization.pendingInvites(email: "continue@acme.example").count == 1)
        }
    }

    @Test func jsonNestedTooDeepSaysSo() async throws {
        try await scim { _, server in
            let deep = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
            let refused = try await server.call(
                "POST", "/Users", body: #"{"userName":"deep@acme.example","x":\#(deep)}"#)
            #expect(refused.status == 400)
            #expect(refused.json["scimType"] as? String == "invalidSyntax")
            #expect(
                refused.json["detail"] as? String == "the request body nests objects and arrays deeper than 64 levels")
            let broken = try await server.call("POST", "/Users", body: #"{"userName":"#)
            #expect(broken.json["detail"] as? String == "the request body is not valid JSON")
        }
    }
}
