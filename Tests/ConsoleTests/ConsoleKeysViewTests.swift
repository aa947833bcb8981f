import Foundation
import ScimifyCore
import Testing

@testable import Console

/// The Keys view (7): every API key of the organization with its maker in words, active keys of people who
/// left flagged, and `X` / `R` to stop or start keys, single or marked, confirmed.
@Suite struct ConsoleKeysViewTests {
    /// The fixture's keys plus an active legacy key of someone who left and an expired one.
    static func state(width: Int = 100, height: Int = 30) -> ConsoleState {
        var holdings = ConsoleFixtures.holdings
        holdings.keys += [
            ConsoleFixtures.key(
                "apikey_gone", "old-pipeline", by: "user_gone", .none, workspace: "wrkspc_prod", age: 200),
            ConsoleFixtures.key(
                "apikey_exp", "expired-one", by: "user_jane", .user(id: "user_jane"), workspace: nil, status: .expired,
                age: 400),
        ]
        var state = ConsoleFixtures.state(width: width, height: height, holdings: .loaded(holdings))
        state.press(.character("7"))
        return state
    }

    static func row(_ state: ConsoleState, _ name: String) -> KeyRow? {
        state.keys.rows.first { $0.key.name == name }
    }

    @Test func everyKeyWithItsMakerInWordsAndActiveOrphansFlagged() throws {
        var state = Self.state()
        #expect(state.tab == .keys && state.keys.rows.count == 7)
        #expect(Self.row(state, "ci-deploy")?.creator == "jane.smith@acme.example")
        #expect(Self.row(state, "billing-export")?.creator == "service account")
        let orphan = try #require(Self.row(state, "old-pipeline"))
        #expect(orphan.creator == "left · user_gone" && orphan.isActiveOrphan && orphan.workspace == "Production")
        let frame = ConsoleScreen.render(state)
        #expect(frame.text(row: 1).contains(" 7 Keys "))
        #expect(frame.text(row: 2).hasPrefix(" NAME"))
        #expect(frame.text.contains("CREATED BY") && frame.text.contains("ORPHAN"))
        #expect(frame.text.contains("⚠ yes"))
        // Newest first; the filter finds the orphans by the word.
        #expect(frame.text(row: 3).hasPrefix(" jane-laptop"))
        state.press(.character("/"))
        state.type("orphaned")
        state.press(.enter)
        #expect(state.keys.visible.count == 1 && state.keys.selected?.key.name == "old-pipeline")
        let detail = ConsoleScreen.render(state).text
        #expect(detail.contains("made by user_gone (no longer a member) · legacy workspace key: it keeps working"))
        #expect(detail.contains("⚠ active, and its maker is no longer a member: X sets it inactive"))
    }

    @Test func xStopsTheSelectedKeyAfterAConfirmationAndRStartsItAgain() throws {
        var state = Self.state()
        state.press(.character("/"))
        state.type("ci-deploy")
        state.press(.enter, .character("X"))
        guard case .confirm(let confirmation) = state.modal else {
            Issue.record("no dialog")
            return
        }
        #expect(confirmation.title == "Deactivate the API key ci-deploy (sk-ant-api03-ci-...9QaA)?")
        #expect(confirmation.destructive && confirmation.focus == 0)
        #expect(
            confirmation.consequence.hasPrefix("Production workspace, made by jane.smith@acme.example (user_jane)."))
        #expect(state.press(.enter).isEmpty, "Enter alone cancels")
        let key = try #require(Self.row(state, "ci-deploy")?.key)
        state.press(.character("X"))
        #expect(
            state.press(.character("y")) == [
                .setKeyStatus(key, to: .inactive, creator: "jane.smith@acme.example (user_jane)")
            ])
        _ = ConsoleReducer.reduce(&state, .changeFinished(ChangeReport(summary: "set ci-deploy inactive")))
        // An inactive key: X says so, R offers to start it again; an expired one refuses both.
        state.press(.escape, .character("/"))
        state.type("jane-old")
        state.press(.enter, .character("X"))
        #expect(state.modal == nil && state.flash?.text == "jane-old is already inactive")
        state.press(.character("R"))
        guard case .confirm(let again) = state.modal else {
            Issue.record("no reactivation dialog")
            return
        }
        #expect(again.title.hasPrefix("Reactivate the API key jane-old") && !again.destructive)
        state.press(.escape, .escape, .character("/"))
        state.type("expired-one")
        state.press(.enter, .character("R"))
        #expect(state.flash?.text == "expired-one is expired: an expired or archived key cannot change")
    }

    @Test func markedKeysAreStoppedTogetherSkippingTheOnesThatCannotChange() throws {
        var state = Self.state()
        state.press(.character("*"), .character("X"))
        guard case .confirm(let confirmation) = state.modal else {
            Issue.record("no dialog")
            return
        }
        #expect(confirmation.title == "Deactivate keys: 5 API keys?")
        #expect(confirmation.consequence.contains("jane-old (apikey_jane_old) (already inactive)"))
        #expect(confirmation.consequence.contains("expired-one (apikey_exp) (expired: an expired or archived key"))
        let effects = state.press(.character("y"))
        guard case .bulk(let job) = effects.first else {
            Issue.record("no bulk job: \(effects)")
            return
        }
        #expect(job.action == .setKeyStatus(.inactive) && job.action.isDestructive)
        #expect(
            Set(job.items.map(\.rowID)) == [
                "apikey_jane_laptop", "apikey_ci", "apikey_mal", "apikey_svc", "apikey_gone",
            ])
        #expect(job.skipped.map(\.rowID).sorted() == ["apikey_exp", "apikey_jane_old"])
    }

    @Test func withoutKeyEndpointsOrWhileReadingTheViewSaysWhy() {
        var enterprise = ConsoleFixtures.state()
        enterprise.press(.character("7"))
        #expect(
            ConsoleScreen.render(enterprise).text.contains(
                "this organization has no API key endpoints (an Enterprise organization has none)"))
        var reading = ConsoleFixtures.state(holdings: .loading)
        reading.press(.character("7"))
        #expect(ConsoleScreen.render(reading).text.contains("reading the API keys from the Admin API…"))
    }

    @Test func aNarrowTerminalGivesTheOtherViewsShortNames() {
        let state = Self.state(width: 80, height: 24)
        let tabs = ConsoleScreen.render(state).text(row: 1)
        #expect(tabs.hasPrefix("  1 Mem   2 Inv   3 Prob   4 Audit   5 Ready   6 Inst   7 Keys   8 Req "), "\(tabs)")
        #expect(tabs.hasSuffix(" 1/7 "), "the position stays")
        let wide = ConsoleScreen.render(Self.state(width: 120)).text(row: 1)
        #expect(
            wide.hasPrefix(
                "  1 Members   2 Invites   3 Problems   4 Audit   5 Readiness   6 Instances   7 Keys   8 Requests "))
    }

    /// Key names come from the network: escape sequences show as visible escapes in the table, the detail, the
    /// member's key list and the dialogs, never reaching the terminal.
    @Test func hostileKeyNamesNeverReachTheTerminalRaw() {
        var holdings = ConsoleFixtures.holdings
        holdings.keys = [
            ConsoleFixtures.key("apikey_evil", "evil\u{1B}[2J\u{07}", by: "user_jane", .none, workspace: "wrkspc_prod")
        ]
        var state = ConsoleFixtures.state(holdings: .loaded(holdings))
        state.press(.character("j"))
        let member = ConsoleScreen.render(state).text
        state.press(.character("D"))
        let dialog = ConsoleScreen.render(state).text
        state.press(.escape, .character("7"))
        let keys = ConsoleScreen.render(state).text
        state.press(.character("X"))
        let confirm = ConsoleScreen.render(state).text
        for text in [member, dialog, keys, confirm] {
            #expect(text.contains("evil\\u{1b}[2J\\u{7}") && !text.contains("\u{1B}") && !text.contains("\u{07}"))
        }
    }
}
