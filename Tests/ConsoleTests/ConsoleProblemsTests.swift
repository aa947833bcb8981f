import Foundation
import ScimifyCore
import Testing

@testable import Console

/// The Problems view: rows, badge and banner, detail, and its keys (retry, approve, dismiss with a reason, go
/// to the person), as pure reducer and view tests.
@Suite struct ConsoleProblemsTests {
    static let held = Problem(
        id: "held-1", kind: .heldRemoval, email: "jane.smith@acme.example", since: ConsoleFixtures.now - 60,
        cause: "held by the mass-removal guard: 10 removals from the IdP in the last 60 minutes (the limit is 10)",
        remedy: "approve removes jane.smith@acme.example from Claude now; dismiss keeps the person",
        idpRequestID: "okta-7")
    static let drift = Problem(
        id: "drift-rec", kind: .drift, email: "new.hire@acme.example", since: ConsoleFixtures.now - 120,
        cause: "Claude has the role user; the IdP last sent developer", remedy: "retry applies the IdP's last word",
        requestIDs: ["req_1", "req_2"])

    static func state() -> ConsoleState {
        var state = ConsoleState(width: 100, height: 30, readOnly: false, now: ConsoleFixtures.now)
        var snapshot = ConsoleFixtures.snapshot
        snapshot.problems = [held, drift]
        snapshot.heldRemovals = 1
        _ = ConsoleReducer.reduce(&state, .loaded(snapshot))
        return state
    }

    @Test func theTabShowsACountBadgeTheBannerAndTheDetail() {
        var state = Self.state()
        let members = ConsoleScreen.render(state)
        #expect(members.text(row: 1).contains("3 Prob (2)"), "the badge stays with the short name")
        #expect(members.text(row: 0).contains("! 1 removal held"))
        state.press(.character("3"))
        let frame = ConsoleScreen.render(state)
        #expect(frame.text(row: 2).hasPrefix(" KIND"))
        #expect(frame.text(row: 3).contains("held removal") && frame.text(row: 3).contains("jane.smith@acme.example"))
        #expect(frame.text(row: 4).contains("drift"))
        #expect(frame.text.contains("cause: held by the mass-removal guard"))
        #expect(frame.text.contains("IdP request okta-7"))
        #expect(frame.text(row: 29).contains("t retry a approve x dismiss"))
        #expect(frame.text(row: 29).contains("? help q quit"), "help and quit always stay in the footer")
    }

    @Test func approveIsForHeldRemovalsAndRetryForTheRest() {
        var state = Self.state()
        state.press(.character("3"), .character("t"))
        #expect(state.modal == nil && state.flash?.text.contains("approved (a) or dismissed (x), not retried") == true)
        state.press(.character("a"))
        guard case .confirm(let approve) = state.modal else {
            Issue.record("no dialog")
            return
        }
        #expect(approve.title == "Approve the removal of jane.smith@acme.example?" && approve.destructive)
        #expect(state.press(.enter).isEmpty, "Enter alone cancels")
        state.press(.character("a"))
        #expect(state.press(.character("y")) == [.approveProblem(id: "held-1")])
        _ = ConsoleReducer.reduce(&state, .changeFinished(ChangeReport(summary: "approved")))
        state.press(.character("j"), .character("a"))
        #expect(state.flash?.text.contains("only a removal held by the guard is approved") == true)
        state.press(.character("t"))
        #expect(state.press(.character("y")) == [.retryProblem(id: "drift-rec")])
    }

    @Test func dismissAsksForAReasonAndEscKeepsTheProblem() {
        var state = Self.state()
        state.press(.character("3"), .character("x"))
        #expect(state.mode == .reason(problemIDs: ["held-1"], text: ""))
        #expect(state.press(.enter).isEmpty)
        #expect(state.flash?.text.contains("type a one-line reason") == true)
        state.press(.escape)
        #expect(state.mode == .normal)
        state.press(.character("x"))
        state.type("IdP rule was wrong")
        #expect(ConsoleScreen.render(state).text(row: 29).contains("reason: IdP rule was wrong"))
        #expect(state.press(.enter) == [.dismissProblem(id: "held-1", reason: "IdP rule was wrong")])
    }

    @Test func goToPersonSelectsTheirRow() {
        var state = Self.state()
        state.press(.character("3"), .character("o"))
        #expect(state.tab == .members && state.members.selected?.member.email == "jane.smith@acme.example")
        state.press(.character("3"), .character("j"), .character("o"))
        #expect(state.tab == .invites && state.invites.selected?.email == "new.hire@acme.example")
    }

    @Test func readOnlyRefusesEveryProblemAction() {
        var state = ConsoleState(width: 100, height: 30, readOnly: true, now: ConsoleFixtures.now)
        var snapshot = ConsoleFixtures.snapshot
        snapshot.problems = [Self.held]
        _ = ConsoleReducer.reduce(&state, .loaded(snapshot))
        for key in ["a", "t", "x"] {
            #expect(state.press(.character("3"), .character(Character(key))).isEmpty)
            #expect(state.modal == nil && state.mode == .normal)
        }
    }

    @Test func messagesKeepsTheSessionsFlashesAfterTheyFade() {
        var state = Self.state()
        state.press(.character("3"), .character("t"))
        state.press(.character("k"))  // the error fades from the footer on the next key
        #expect(state.flash == nil)
        state.press(.character(":"))
        state.type("messages")
        state.press(.enter)
        guard case .notice(let title, let lines, _) = state.modal else {
            Issue.record("no messages")
            return
        }
        #expect(title == "Messages of this session (newest last)")
        #expect(lines.last?.hasSuffix("✗  a held removal is approved (a) or dismissed (x), not retried") == true)
    }
}

@Suite struct ConsoleExportTests {
    @Test func exportWritesTheViewAsFilteredAndSortedAsCSVOrJSON() {
        var state = ConsoleFixtures.state()
        state.press(.character("/"))
        state.type("acme")
        state.press(.enter, .character(":"))
        state.type("export /tmp/Members.CSV")
        guard case .export(let path, let content, let rows)? = state.press(.enter).acting.first else {
            Issue.record("no export effect")
            return
        }
        #expect(path == "/tmp/Members.CSV" && rows == state.members.visible.count)
        let lines = content.split(separator: "\n")
        #expect(lines.first == "EMAIL,NAME,ROLE,ADDED,SCIM")
        #expect(lines.count == rows + 1)
        #expect(lines.contains { $0.hasPrefix("jane.smith@acme.example,Jane Smith,developer,") })
        _ = ConsoleReducer.reduce(&state, .exported(path: path, rows: rows, failure: nil))
        #expect(state.flash?.text == "exported \(rows) rows to /tmp/Members.CSV")
        state.press(.character(":"))
        state.type("export /tmp/view.txt")
        #expect(state.press(.enter).acting.isEmpty && state.flash?.text.hasPrefix("usage: :export") == true)
        state.press(.character("6"), .character(":"))
        state.type("export /tmp/instances.json")
        guard case .export(_, let json, _)? = state.press(.enter).acting.first else {
            Issue.record("no json")
            return
        }
        #expect(json.hasPrefix("[") && json.contains("\"slug\" : \"acme\""), "\(json)")
    }

    @Test func csvDefusesFormulasAndQuotesWhatNeedsIt() {
        #expect(ConsoleExport.csvField("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(ConsoleExport.csvField("Smith, Jane") == "\"Smith, Jane\"")
        #expect(ConsoleExport.csvField("-1") == "'-1")
        #expect(ConsoleExport.csvField("plain") == "plain")
    }
}

@Suite struct ConsoleInstanceSwitchTests {
    static func state() -> ConsoleState {
        var state = ConsoleState(width: 100, height: 30, readOnly: false, now: ConsoleFixtures.now)
        var snapshot = ConsoleFixtures.snapshot
        snapshot.instances.append(
            Instance(
                id: 2, slug: "staging", name: "Staging", apiBaseURL: "http://127.0.0.1:9",
                mode: .dryRun, createdAt: ConsoleFixtures.now))
        _ = ConsoleReducer.reduce(&state, .loaded(snapshot))
        return state
    }

    @Test func enterOnInstancesOrInstanceCommandOpensAnother() {
        var state = Self.state()
        state.press(.character("6"))
        #expect(state.press(.enter).isEmpty)
        #expect(state.flash?.text == "already on acme")
        state.press(.character("j"))
        #expect(state.press(.enter).acting == [.switchInstance(slug: "staging")])
        _ = ConsoleReducer.reduce(&state, .instanceSwitched(organizationName: "Staging Org", failure: nil))
        #expect(state.tab == .members && state.organizationName == "Staging Org")
        state.press(.character(":"))
        state.type("instance st")
        state.press(.tab)
        #expect(state.mode == .command("instance staging"))
        state.press(.escape, .character(":"))
        state.type("instance nope")
        #expect(state.press(.enter).acting.isEmpty && state.flash?.text.hasPrefix("no instance nope") == true)
    }
}
