import Foundation
import ScimifyCore
import Testing

@testable import Console

/// The `/` filter as operators used to k9s expect it: accents and case folded, a new filter on each `/`, the
/// indicator kept beside marks.
@Suite struct ConsoleFilterHabitsTests {
    static func state(width: Int = 100) -> ConsoleState {
        var state = ConsoleState(width: width, height: 30, readOnly: false, now: ConsoleFixtures.now)
        var snapshot = ConsoleFixtures.snapshot
        snapshot.members += [
            Member(
                id: "user_zm", email: "zoe.muller@acme.example", name: "Zoë Müller", role: .user,
                addedAt: ConsoleFixtures.now - 5 * ConsoleFixtures.day),
            Member(
                id: "user_bn", email: "b.nilsson@acme.example", name: "Bjørn Nilsson", role: .developer,
                addedAt: ConsoleFixtures.now - 6 * ConsoleFixtures.day),
            Member(
                id: "user_js", email: "strasse@acme.example", name: "Jürgen Straße", role: .billing,
                addedAt: ConsoleFixtures.now - 7 * ConsoleFixtures.day),
        ]
        _ = ConsoleReducer.reduce(&state, .loaded(snapshot))
        return state
    }

    private func filtered(_ text: String, _ state: inout ConsoleState) -> [String] {
        state.press(.character("/"))
        state.type(text)
        state.press(.enter)
        return (0..<state.position.count).compactMap { position in
            state.selectPosition(position)
            return state.members.selected?.member.name
        }
    }

    @Test func theFilterFoldsCaseAndAccents() {
        var state = Self.state()
        #expect(filtered("zoe muller", &state) == ["Zoë Müller"])
        #expect(filtered("bjorn", &state) == ["Bjørn Nilsson"])
        #expect(filtered("BJØRN", &state) == ["Bjørn Nilsson"])
        #expect(filtered("strasse", &state) == ["Jürgen Straße"], "ß folds to ss, and the email matches too")
        #expect(filtered("jurgen", &state) == ["Jürgen Straße"])
        #expect(filtered("müller", &state) == ["Zoë Müller"], "an accent typed still matches")
    }

    @Test func slashStartsANewFilter() {
        var state = Self.state()
        _ = filtered("zoe", &state)
        #expect(state.currentFilter == "zoe")
        state.press(.character("/"))
        #expect(state.currentFilter.isEmpty, "not appended to the kept one")
        state.type("bjorn")
        state.press(.enter)
        #expect(state.currentFilter == "bjorn")
    }

    @Test func theFilterIndicatorStaysWhenMarksExist() {
        var state = Self.state(width: 80)
        _ = filtered("acme", &state)
        state.press(.character("*"))
        let tabs = ConsoleScreen.render(state).text(row: 1)
        #expect(tabs.contains("marked"), "\(tabs)")
        #expect(tabs.contains("filter: acme ("), "\(tabs)")
    }
}
