import Foundation
import ScimifyCore
import Testing

@testable import Console

/// Nothing the operator must read is cut off (issue 22, section 2): at 80x24 and 120x32 a problem's cause and
/// remedy, the refresh summary, bulk result rows, the read-only refusal and a rate-limit countdown each appear
/// whole, wrapped (and scrolled to where needed), and the header keeps the counts and the footer `q quit`.
@Suite struct ConsoleNothingCutOffTests {
    static let sizes = [(width: 80, height: 24), (width: 120, height: 32)]

    static let cause =
        "held by the mass-removal guard: 11 removals from the IdP in the last 60 minutes (the limit is 10); "
        + "Claude was not changed and the IdP was answered 503 so it retries"
    static let remedy =
        "approve (scimify problems approve 8f6232ed-f194-44a7-8dab-548f8a91d5b9) removes "
        + "jane.smith@acme.example from Claude now; dismiss keeps the person and records why"

    static func state(_ size: (width: Int, height: Int), readOnly: Bool = false) -> ConsoleState {
        var state = ConsoleState(width: size.width, height: size.height, readOnly: readOnly, now: ConsoleFixtures.now)
        var snapshot = ConsoleFixtures.snapshot
        snapshot.problems = [
            Problem(
                id: "held-1", kind: .heldRemoval, email: "jane.smith@acme.example", since: ConsoleFixtures.now - 60,
                cause: cause, remedy: remedy, idpRequestID: "okta-7")
        ]
        snapshot.heldRemovals = 1
        _ = ConsoleReducer.reduce(&state, .loaded(snapshot))
        return state
    }

    /// The screen's words in reading order with box-drawing characters (borders of
    /// the dialog and of the panes under it) and runs of spaces folded, so a sentence wrapped
    /// over several lines reads as one.
    static func words(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { (0x2500...0x257F).contains($0.value) ? " " : $0 })
        ).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// Every page of what `key` scrolls, as one text.
    static func pages(_ state: inout ConsoleState, scrolling key: Key) -> String {
        var pages = [ConsoleScreen.render(state).text]
        for _ in 0..<20 {
            state.press(key)
            let page = ConsoleScreen.render(state).text
            if page == pages.last { break }
            pages.append(page)
        }
        return pages.joined(separator: "\n")
    }

    @Test(arguments: sizes) func aProblemsCauseAndRemedyReadWhole(_ size: (width: Int, height: Int)) {
        var state = Self.state(size)
        state.press(.character("3"))
        let first = ConsoleScreen.render(state).text
        let text = Self.words(Self.pages(&state, scrolling: .character("J")))
        #expect(text.contains("cause: " + Self.cause), "\(first)")
        #expect(text.contains("remedy: " + Self.remedy), "\(first)")
        #expect(text.contains("IdP request okta-7"))
        if size.width == 80 { #expect(first.contains(" J ↓ more "), "the pane says there is more") }
    }

    @Test(arguments: sizes) func theRefreshSummaryReadsWhole(_ size: (width: Int, height: Int)) {
        var state = Self.state(size)
        let totals =
            "41 members, 9 pending invites; 3 SCIM records created, 2 linked, 1 marked removed outside Scimify"
        let changes = (1...30).map { "+ member new.person\($0)@acme.example (developer)" }
        _ = ConsoleReducer.reduce(
            &state, .refreshFinished(summary: "3 new members", details: [totals, ""] + changes, failure: nil))
        let text = Self.words(Self.pages(&state, scrolling: .pageDown))
        #expect(text.contains(totals))
        for change in changes { #expect(text.contains(change), "\(change)") }
    }

    @Test(arguments: sizes) func bulkResultRowsReadWhole(_ size: (width: Int, height: Int)) {
        var state = Self.state(size)
        let refused =
            "refused: avery.admin@acme.example is an admin; Scimify never changes or removes admin members, change "
            + "them in Claude's own settings"
        let results = [
            BulkResult(
                email: "jane.smith@acme.example", rowID: "m1", outcome: .done, detail: "removed",
                requestID: "req_011CXYZabcdefghijklmnop"),
            BulkResult(email: "avery.admin@acme.example", rowID: "m2", outcome: .skipped, detail: refused),
            BulkResult(
                email: "omar.haddad@acme.example", rowID: "m3", outcome: .failed,
                detail: "the Admin API answered 503 three times (overloaded); nothing was removed, retry later",
                requestID: "req_011CXYZqrstuvwxyz012345"),
        ]
        state.modal = .bulkReport(
            BulkReport(action: .removeMembers, batchID: "batch-7", results: results, stopped: false), scroll: 0)
        let text = Self.words(Self.pages(&state, scrolling: .character("j")))
        #expect(text.contains(refused), "\(text)")
        #expect(text.contains("the Admin API answered 503 three times (overloaded); nothing was removed, retry later"))
        #expect(text.contains("req_011CXYZqrstuvwxyz012345"), "request-ids are never cut")
        #expect(text.contains("scimify audit --batch batch-7"))
    }

    @Test(arguments: sizes) func theReadOnlyRefusalIsWholeInMessages(_ size: (width: Int, height: Int)) {
        var state = Self.state(size, readOnly: true)
        state.press(.character("D"))
        let sentence =
            "read-only: \"remove the member from the organization (confirmed)\" is disabled (the console was "
            + "started with --read-only)"
        let flashRow = ConsoleScreen.render(state).text(row: size.height - 2)
        #expect(DisplayWidth.of(flashRow) <= size.width)
        if DisplayWidth.of("✗ error: " + sentence) > size.width - 2 {
            #expect(flashRow.contains("… (:messages)"), "\(flashRow)")
        } else {
            #expect(flashRow.contains(sentence))
        }
        state.press(.character(":"))
        state.type("messages")
        state.press(.enter)
        #expect(Self.words(Self.pages(&state, scrolling: .pageDown)).contains(sentence))
    }

    @Test(arguments: sizes) func aRateLimitCountdownComesBeforeTheProgress(_ size: (width: Int, height: Int)) {
        var state = Self.state(size)
        state.busy = BusyWork(
            label: "Refreshing users",
            progress: "listing members: page 14 of about 40, 1,400 rows read so far, invites next, then the comparison")
        state.rateLimitedUntil = state.now + 12
        let line = ConsoleScreen.render(state).text(row: size.height - 2)
        #expect(line.hasPrefix(" rate limited by the Admin API: waiting 12 s · "), "\(line)")
    }

    @Test(arguments: sizes) func theHeaderKeepsTheCountsAndTheFooterKeepsQuit(_ size: (width: Int, height: Int)) {
        let state = Self.state(size)
        let frame = ConsoleScreen.render(state)
        let header = frame.text(row: 0).lowercased()
        let members = state.members.rows.count
        #expect(
            header.contains("members \(members) · invites") || header.contains("\(members) members · "), "\(header)")
        #expect(frame.text(row: 0).contains("! 1"), "the held-removal banner stays")
        #expect(frame.text(row: size.height - 1).contains("? help q quit"), "\(frame.text(row: size.height - 1))")
        for row in 0..<size.height { #expect(DisplayWidth.of(frame.text(row: row)) <= size.width) }
    }
}

/// The add form's error wraps inside the form instead of running past its frame.
@Suite struct ConsoleFormErrorTests {
    @Test func aLongErrorWrapsInsideTheAddForm() {
        var state = ConsoleFixtures.state(width: 80, height: 24)
        let error =
            "not added: the Admin API key does not work: authentication failed (HTTP 401): invalid x-api-key "
            + "(request-id: req_011CXYZabcdefghijklmnop)"
        state.press(.character("6"), .character("a"))
        guard case .addInstance(var form) = state.modal else {
            Issue.record("no form")
            return
        }
        form.error = error
        state.modal = .addInstance(form)
        let screen = ConsoleScreen.render(state)
        // Only the form's columns (the 72-wide box centred on 80), not the view beside it.
        let inside = (0..<24).map { String(screen.text(row: $0).dropFirst(4).prefix(72)) }.joined(separator: "\n")
        let words = ConsoleNothingCutOffTests.words(inside)
        #expect(words.contains("✗ " + error), "\(screen.text)")
        #expect(words.contains("Tab next field · Enter next/add (tests the connection) · Esc cancel"))
        for row in 0..<24 { #expect(DisplayWidth.of(screen.text(row: row)) <= 80) }
    }
}
