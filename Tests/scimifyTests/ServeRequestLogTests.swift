import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifyTestSupport
import Testing

/// `scimify serve` logs one line per SCIM request at info level (issue 22, section 3): method, route template,
/// status, latency, the IdP's request-id, the person, the outcome and Anthropic's request-ids, as JSON or
/// logfmt, and never the token or a body.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ServeRequestLogTests {
    func lines(_ output: String, containing text: String) -> [[String: Any]] {
        output.split(separator: "\n").filter { $0.hasPrefix("{") && $0.contains(text) }.compactMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
    }

    @Test func eachSCIMRequestIsOneJSONLineWithItsOutcome() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            let (child, port) = try await LaunchedChild.serve(path: fixture.path, ["--log-format", "json"])
            defer { child.send(SIGTERM) }
            let scim = RunningSCIMServer(port: port, slug: fixture.instance.slug, scimToken: fixture.scimToken)
            let created = try await scim.call(
                "POST", "/Users", body: #"{"userName":"log.me@acme.example","active":true,"claude_role":"developer"}"#,
                headers: ["X-Request-Id": "okta-log-1"])
            #expect(created.status == 201)
            let refused = try await scim.call("GET", "/Users", token: "scimify_not-a-real-token")
            #expect(refused.status == 401)
            let bad = try await scim.call(
                "PATCH", "/Users/\(try #require(created.json["id"] as? String))", body: #"{"Operations": 5}"#)
            #expect(bad.status == 400)
            _ = try await child.waitForOutput(containing: #""status":"400""#)

            let create = try #require(lines(child.output, containing: "okta-log-1").first, "\(child.output)")
            #expect(create["message"] as? String == "scim request" && create["level"] as? String == "info")
            #expect(create["method"] as? String == "POST")
            #expect(create["route"] as? String == "/instances/{slug}/scim/v2/Users")
            #expect(create["status"] as? String == "201" && create["person"] as? String == "log.me@acme.example")
            #expect(create["outcome"] as? String == "ok")
            #expect((create["anthropic_request_ids"] as? String)?.hasPrefix("req_") == true, "\(create)")
            #expect(Double(create["latency_ms"] as? String ?? "") != nil)
            let unauthorized = try #require(lines(child.output, containing: #""status":"401""#).first)
            #expect(unauthorized["outcome"] as? String == "rejected" && unauthorized["person"] == nil)
            let patch = try #require(lines(child.output, containing: #""status":"400""#).first)
            #expect((patch["person"] as? String)?.hasPrefix("id:") == true && patch["outcome"] as? String == "rejected")
            #expect(!child.output.contains(fixture.scimToken) && !child.output.contains("not-a-real-token"))
            #expect(!child.output.contains("claude_role"), "no body is logged")
        }
    }

    @Test func logfmtQuotesWhatNeedsQuoting() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            let (child, port) = try await LaunchedChild.serve(path: fixture.path, ["--log-format", "logfmt"])
            defer { child.send(SIGTERM) }
            let scim = RunningSCIMServer(port: port, slug: fixture.instance.slug, scimToken: fixture.scimToken)
            _ = try await scim.call("GET", "/Users?count=1", headers: ["X-Request-Id": "okta says \"hi\""])
            let line = try await child.waitForOutput(containing: "message=\"scim request\"")
                .split(separator: "\n").first { $0.contains("scim request") }
            let text = try #require(line.map(String.init))
            #expect(text.contains(#"idp_request_id="okta says \"hi\"""#), "\(text)")
            #expect(text.contains("method=GET") && text.contains("status=200") && text.contains("outcome=read"))
        }
    }
}
