import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifyTestSupport
import Testing

/// `scimify serve` keeps every SCIM request in the request log (issue 23), redacted, without making the IdP
/// wait; `scimify requests list|show` reads it.
@Suite(.serialized, .timeLimit(.minutes(3))) struct SCIMRequestLogTests {
    let cli = ScimifyProcess()

    func listed(_ fixture: StoreFixture, _ arguments: [String] = []) async throws -> [[String: Any]] {
        let result = try await cli.run(["requests", "list", "--db", fixture.path, "--json"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return result.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Polls the log until `count` requests are in it (the writer runs a few times a second).
    func waitForRequests(_ fixture: StoreFixture, count: Int) async throws -> [[String: Any]] {
        let deadline = ContinuousClock.now + .seconds(5)
        while true {
            let requests = try await listed(fixture)
            if requests.count >= count || ContinuousClock.now > deadline { return requests }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    @Test func everyRequestIsKeptRedactedAndLinkedToItsAuditRows() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            let (child, port) = try await LaunchedChild.serve(path: fixture.path, [])
            defer { child.send(SIGTERM) }
            let scim = RunningSCIMServer(port: port, slug: fixture.instance.slug, scimToken: fixture.scimToken)
            let created = try await scim.call(
                "POST", "/Users",
                body:
                    #"{"userName":"kept@acme.example","active":true,"claude_role":"developer","password":"Hunter2!"}"#,
                headers: ["X-Request-Id": "okta-kept-1", "X-Secret-Header": "never-kept"])
            #expect(created.status == 201)
            let id = try #require(created.json["id"] as? String)
            let bad = try await scim.call(
                "PATCH", "/Users/\(id)", body: #"{"Operations": 5, "note": "Bearer abcdefgh12345"}"#,
                headers: ["X-Request-Id": "okta-bad-1"])
            #expect(bad.status == 400)
            let wrongToken = try await scim.call("GET", "/Users", token: "scimify_wrong-token-value")
            #expect(wrongToken.status == 401)
            let unknown = RunningSCIMServer(port: port, slug: "nope", scimToken: fixture.scimToken)
            #expect(try await unknown.call("GET", "/Users").status == 401)
            _ = try await scim.call("GET", "http://127.0.0.1:\(port)/healthz")

            let requests = try await waitForRequests(fixture, count: 4)
            #expect(requests.map { $0["status"] as? Int } == [401, 401, 400, 201], "newest first, /healthz not kept")
            let patch = requests[2]
            #expect(patch["person"] as? String == "kept@acme.example", "the record's userName for its id")
            #expect(patch["outcome"] as? String == "rejected" && patch["idp_request_id"] as? String == "okta-bad-1")
            #expect((patch["problem"] as? String)?.isEmpty == false)
            #expect(requests[0]["known_instance"] as? Bool == false && requests[0]["instance"] as? String == "nope")
            #expect(requests[1]["known_instance"] as? Bool == true)

            let show = try await cli.run(["requests", "show", "--db", fixture.path, String(patch["id"] as? Int ?? 0)])
            #expect(show.status == 0, "\(show.stderr)")
            #expect(show.stdout.contains(#"{"Operations": 5, "note": "Bearer [redacted]"}"#), "\(show.stdout)")
            #expect(show.stdout.contains("answer:     400"))
            let createID = String(requests[3]["id"] as? Int ?? 0)
            let createShown = try await cli.run(["requests", "show", "--db", fixture.path, createID, "--json"])
            let create = try #require(
                try JSONSerialization.jsonObject(with: Data(createShown.stdout.utf8)) as? [String: Any])
            let body = try #require(create["request_body"] as? String)
            #expect(body.contains(#""password":"[redacted]""#) && body.contains("kept@acme.example"), "\(body)")
            #expect((create["response_body"] as? String)?.contains(id) == true)
            #expect((create["audit_ids"] as? [Int])?.isEmpty == false, "the create links to its audit row")
            let headers = try #require(create["request_headers"] as? String)
            #expect(headers.contains("authorization: [redacted]") && headers.contains("x-request-id: okta-kept-1"))
            #expect(!headers.contains("never-kept"))

            let everything =
                try await cli.run(["requests", "list", "--db", fixture.path, "--json"]).stdout
                + (try await cli.run(["requests", "show", "--db", fixture.path, createID]).stdout)
            #expect(!everything.contains(fixture.scimToken) && !everything.contains("wrong-token-value"))
            #expect(!everything.contains("Hunter2!") && !everything.contains("abcdefgh12345"))

            let unknownOnly = try await listed(fixture, ["--unknown-instance"])
            #expect(unknownOnly.count == 1)
            #expect(try await listed(fixture, ["--status", "4xx"]).count == 3)
            #expect(try await listed(fixture, ["--status", "201", "--email", "KEPT@acme.example"]).count == 1)
            let metrics = try await scim.call("GET", "http://127.0.0.1:\(port)/metrics")
            let written = metrics.text.split(separator: "\n").first {
                $0.hasPrefix("scimify_request_log_written_total ")
            }
            #expect(
                (written?.split(separator: " ").last).flatMap { Double($0) }.map { $0 >= 4 } == true,
                "the requests above were written: \(written ?? "no counter")")
            #expect(metrics.text.contains("scimify_request_log_dropped_total 0"))
        }
    }

    @Test func badArgumentsAndUnknownIDsAreRefusedPlainly() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            let status = try await cli.run(["requests", "list", "--db", fixture.path, "--status", "6xx"])
            #expect(status.status == 2 && status.stderr.contains("--status takes 4xx, 5xx"))
            let missing = try await cli.run(["requests", "show", "--db", fixture.path, "42"])
            #expect(missing.status == 2 && missing.stderr.contains("no logged request 42"), "\(missing.stderr)")
            let empty = try await cli.run(["requests", "--db", fixture.path])
            #expect(empty.status == 0 && empty.stdout.contains("no logged requests"), "\(empty.stderr)")
        }
    }
}
