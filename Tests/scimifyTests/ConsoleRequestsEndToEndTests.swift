import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifyTestSupport
import Testing

/// The Requests view against a running `serve` (issue 23): what Okta sends shows live in the console with
/// its status and body, a request for no known instance shows as such, and `o` goes to the person.
@Suite(.serialized, .timeLimit(.minutes(3))) struct ConsoleRequestsEndToEndTests {
    @Test func aBadPatchShowsLiveWithItsStatusAndBodyAndOGoesToThePerson() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            let (child, port) = try await LaunchedChild.serve(path: fixture.path, [])
            defer { child.send(SIGTERM) }
            let scim = RunningSCIMServer(port: port, slug: fixture.instance.slug, scimToken: fixture.scimToken)
            let email = "request.view@acme.example"
            let created = try await scim.call(
                "POST", "/Users", body: #"{"userName":"\#(email)","active":true,"claude_role":"developer"}"#,
                headers: ["X-Request-Id": "okta-create-1"])
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["id"] as? String)

            let console = try await TmuxConsole(["console", "--db", fixture.path], width: 120, height: 40)
            defer { Task { await console.stop() } }
            try await console.waitFor("Members")
            try await console.send("8")
            try await console.waitFor("okta-create-1")

            // Okta's PATCH with a body that is not a PatchOp: refused before the core, kept in the log.
            let sent = ContinuousClock.now
            let bad = try await scim.call(
                "PATCH", "/Users/\(id)", body: #"{"Operations": 5}"#, headers: ["X-Request-Id": "okta-bad-7"])
            #expect(bad.status == 400)
            let shown = try await console.waitFor(#"{"Operations": 5}"#, seconds: 4)
            let took = sent.duration(to: .now)
            print("a refused PATCH showed in the Requests view \(took) after its answer")
            #expect(shown.contains("okta-bad-7") && shown.contains("→ 400"), "\(shown)")
            #expect(shown.contains("a PatchOp needs an Operations array"), "the answer's detail")
            #expect(!shown.contains(fixture.scimToken))

            let stranger = RunningSCIMServer(port: port, slug: "no-such-instance", scimToken: fixture.scimToken)
            #expect(try await stranger.call("GET", "/Users").status == 401)
            let unknown = try await console.waitFor("unknown instance (no-such-instance)", seconds: 4)
            #expect(unknown.contains("401"), "\(unknown)")

            // The PATCH is one row below the 401 now: `o` opens the person's invite.
            try await console.send("j")
            try await console.waitFor("okta-bad-7")
            try await console.send("o")
            let invites = try await console.waitFor("EXPIRES")
            #expect(
                invites.split(separator: "\n").contains { $0.contains(email) && $0.contains("developer") },
                "\(invites)")
            await console.stop()

            let problems = try await ConsistencyCheck.verify(fixture, sim, scim: scim)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
    }
}
