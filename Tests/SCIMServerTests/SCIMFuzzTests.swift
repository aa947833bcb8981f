import AdminAPISimulator
import Foundation
import ScimifyTestSupport
import Testing

/// A seeded sample of the fuzz run (the README documents the 100,000-case run of `SCIMFuzz`).
@Suite(.timeLimit(.minutes(5))) struct SCIMFuzzTests {
    @Test func randomAndMalformedRequestsNeverCrashOrGet5xx() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            try await withSCIMServer(fixture) { server in
                let created = try await server.call("POST", "/Users", body: #"{"userName":"known@acme.example"}"#)
                let id = created.json["id"] as? String
                var fuzzer = SCIMFuzzer(seed: 20_261_129)
                for _ in 0..<400 {
                    let fuzz = fuzzer.nextCase(base: server.base, validID: id, token: server.fixture.scimToken)
                    let reply = try await server.call(
                        fuzz.method, fuzz.path, body: fuzz.body, token: fuzz.token ?? "", headers: fuzz.headers)
                    // 501 is the spec's own answer for /Bulk, /Me, .search and Group writes; nothing else may be 5xx.
                    let documented501 =
                        reply.status == 501
                        && ["/Bulk", "/Me", "/.search", "/Groups"].contains { fuzz.path.hasPrefix($0) }
                    #expect(
                        reply.status < 500 || documented501,
                        "\(fuzz.method) \(fuzz.path) -> \(reply.status) \(reply.text.prefix(200))")
                    if reply.status >= 400 && fuzz.method != "HEAD" {
                        #expect(
                            reply.json["schemas"] as? [String] == ["urn:ietf:params:scim:api:messages:2.0:Error"],
                            "\(fuzz.method) \(fuzz.path): \(reply.text.prefix(200))")
                        #expect(reply.headers["content-type"]?.hasPrefix("application/scim+json") == true)
                    }
                }
                let health = try await server.call("GET", "http://127.0.0.1:\(server.port)/healthz", token: "")
                #expect(health.status == 200)
            }
        }
    }
}
