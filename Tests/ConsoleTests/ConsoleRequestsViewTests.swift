import Foundation
import ScimifyCore
import Testing

@testable import Console

/// The Requests view (issue 23): the SCIM requests `serve` logged, newest first, filtered like every table, the
/// request and the answer in the detail, `o` to the person, requests for no known instance marked as such.
@Suite struct ConsoleRequestsViewTests {
    static let now = ConsoleFixtures.now

    static func row(
        _ id: Int64, status: Int, method: String = "PATCH", person: String? = "jane.smith@acme.example",
        known: Bool = true, body: String = #"{"Operations": 5}"#, requestIDs: [String] = []
    ) -> RequestRow {
        RequestRow(
            id: id, at: now - Double(100 - id), instanceSlug: known ? "acme" : "nope", knownInstance: known,
            method: method, path: "/instances/\(known ? "acme" : "nope")/scim/v2/Users/u\(id)",
            route: "/instances/{slug}/scim/v2/Users/{id}", status: status, latencyMilliseconds: 3.25,
            idpRequestID: "okta-\(id)", person: person, outcome: status < 300 ? "ok" : "rejected",
            problem: status < 300 ? nil : "a PatchOp needs an Operations array", anthropicRequestIDs: requestIDs,
            requestHeaders: "content-type: application/scim+json\nauthorization: [redacted]", requestBody: body,
            responseBody: status < 300 ? "{}" : #"{"status":"400"}"#)
    }

    static func state(width: Int = 100, height: Int = 30, requests: [RequestRow]? = nil) -> ConsoleState {
        var snapshot = ConsoleFixtures.snapshot
        snapshot.requests =
            requests ?? [
                row(4, status: 401, method: "GET", person: nil, known: false, body: ""),
                row(3, status: 400),
                row(2, status: 200, method: "GET", person: "new.hire@acme.example", body: ""),
                row(1, status: 201, method: "POST", requestIDs: ["req_create"]),
            ]
        snapshot.audit = [
            AuditEvent(
                id: 7, at: now - 99, instanceID: 1, instanceSlug: "acme", actor: "scim:acme", action: "scim.create",
                targetEmail: "jane.smith@acme.example", outcome: .ok, requestIDs: ["req_create"], detail: "invited")
        ]
        var state = ConsoleState(width: width, height: height, readOnly: false, now: now)
        _ = ConsoleReducer.reduce(&state, .loaded(snapshot))
        return state
    }

    static func screen(_ state: ConsoleState) -> String {
        let frame = ConsoleScreen.render(state)
        return (0..<state.height).map(frame.text(row:)).joined(separator: "\n")
    }

    @Test func key8ShowsTheRequestsNewestFirstWithUnknownInstancesMarked() {
        var state = Self.state(width: 120)
        state.press(.character("8"))
        #expect(state.tab == .requests)
        let frame = ConsoleScreen.render(state)
        let text = (0..<state.height).map(frame.text(row:)).joined(separator: "\n")
        #expect(frame.text(row: 2).contains("TIME") && frame.text(row: 2).contains("STATUS"))
        #expect(frame.text(row: 3).contains("401") && frame.text(row: 3).contains("unknown instance"))
        #expect(frame.text(row: 4).contains("PATCH") && frame.text(row: 4).contains("/Users/u3"))
        #expect(frame.text(row: 4).contains("400") && frame.text(row: 4).contains("jane.smith@acme.example"))
        #expect(frame.text(row: 6).contains("POST"))
        #expect(text.contains("unknown instance (nope)"), "the detail names the slug that matched nothing")
        #expect(text.contains("8 Requests"))
    }

    @Test func theDetailShowsTheRequestTheAnswerAndTheLinkedAuditRow() {
        var state = Self.state(height: 40)
        state.press(.character("8"), .down)
        var text = Self.screen(state)
        #expect(
            text.contains("PATCH /instances/acme/scim/v2/Users/u3 → 400 in 3.2 ms") || text.contains("→ 400 in 3.3 ms"))
        #expect(text.contains("answered: a PatchOp needs an Operations array"))
        #expect(text.contains(#"{"Operations": 5}"#) && text.contains(#"{"status":"400"}"#))
        #expect(text.contains("authorization: [redacted]"))
        #expect(text.contains("audit: no row"))
        state.press(.end)
        text = Self.screen(state)
        #expect(text.contains("audit: scim.create jane.smith@acme.example ok"), "\(text)")
        #expect(text.contains("Anthropic request-ids: req_create"))
    }

    @Test func theFilterMatchesStatusClassesMethodsAndPeople() {
        var state = Self.state()
        state.press(.character("8"), .character("/"))
        state.type("4xx")
        state.press(.enter)
        #expect(state.requests.visible.count == 2)
        state.press(.escape, .character("/"))
        state.type("new.hire")
        state.press(.enter)
        #expect(state.requests.visible.map { state.requests.rows[Int($0)].id } == [2])
        state.press(.escape, .character("/"))
        state.type("unknown instance")
        state.press(.enter)
        #expect(state.requests.visible.map { state.requests.rows[Int($0)].id } == [4])
    }

    @Test func oGoesToThePersonsMemberOrInviteRow() {
        var state = Self.state()
        state.press(.character("8"), .down)
        state.press(.character("o"))
        #expect(state.tab == .members && state.members.selected?.member.email == "jane.smith@acme.example")
        state.press(.character("8"), .home, .down, .down)
        state.press(.character("o"))
        #expect(state.tab == .invites && state.invites.selected?.email == "new.hire@acme.example")
        state.press(.character("8"), .home)
        state.press(.character("o"))
        #expect(state.tab == .requests && state.flash?.text.contains("names no person") == true)
    }

    @Test func exportGivesTheVisibleRowsAndAnEmptyLogSaysWhy() {
        var state = Self.state()
        state.press(.character("8"))
        let table = ConsoleExport.table(state)
        #expect(table?.titles == ["TIME", "METHOD", "PATH", "STATUS", "MS", "PERSON", "OUTCOME"])
        #expect(table?.rows.map { $0[3] } == ["401", "400", "200", "201"])
        var empty = Self.state(requests: [])
        empty.press(.character("8"))
        #expect(Self.screen(empty).contains("no SCIM requests logged"))
    }

    @Test func aFailedPushLinksToItsRequestAndLShowsIt() {
        var snapshot = ConsoleFixtures.snapshot
        snapshot.requests = [
            Self.row(9, status: 200, method: "GET"),
            Self.row(8, status: 503, requestIDs: ["req_failed"]),
            Self.row(7, status: 400, person: "zoe@acme.example"),
        ]
        snapshot.problems = [
            Problem(
                id: "push-1", kind: .failedPush, email: "jane.smith@acme.example", since: Self.now - 50,
                cause: "Claude was unavailable", remedy: "t retries", requestIDs: ["req_failed"],
                idpRequestID: "okta-8"),
            Problem(
                id: "push-2", kind: .failedPush, email: "zoe@acme.example", since: Self.now - 60, cause: "refused",
                remedy: "fix the role", idpRequestID: "okta-7"),
            Problem(
                id: "push-3", kind: .failedPush, email: "old@acme.example", since: Self.now - 90, cause: "old",
                remedy: "t retries", idpRequestID: "okta-gone"),
        ]
        var state = ConsoleState(width: 100, height: 30, readOnly: false, now: Self.now)
        _ = ConsoleReducer.reduce(&state, .loaded(snapshot))
        state.press(.character("3"))
        #expect(Self.screen(state).contains("SCIM request 8: PATCH /Users/u8 → 503 · L shows it"))
        state.press(.character("L"))
        #expect(state.tab == .requests && state.requests.selected?.id == 8)
        state.press(.character("3"), .down)
        #expect(Self.screen(state).contains("SCIM request 7:"), "found by the IdP's request-id")
        state.press(.down)
        #expect(Self.screen(state).contains("SCIM request: not in the request log"))
        state.press(.character("L"))
        #expect(state.tab == .problems && state.flash?.text.contains("no SCIM request") == true)
    }

    @Test func aNewLoadKeepsFollowingTheNewestRequest() {
        var state = Self.state()
        state.press(.character("8"))
        var snapshot = ConsoleFixtures.snapshot
        snapshot.requests = [Self.row(5, status: 400, person: "zoe@acme.example")] + Self.state().requests.rows
        _ = ConsoleReducer.reduce(&state, .loaded(snapshot))
        #expect(state.requests.selected?.id == 5, "the cursor on the newest stays on the newest")
        state.press(.down)
        snapshot.requests = [Self.row(6, status: 200)] + snapshot.requests
        _ = ConsoleReducer.reduce(&state, .loaded(snapshot))
        #expect(state.requests.selected?.id == 4, "a cursor moved away stays on its row")
    }
}
