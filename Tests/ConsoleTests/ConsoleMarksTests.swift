import Foundation
import ScimifyCore
import Testing

@testable import Console

/// Marks: Space and `*`, the marker column and the tab title, Esc's order (filter first, then marks), and
/// marks kept by id through reloads.
@Suite struct ConsoleMarksTests {
    @Test func spaceMarksTheRowMovesDownAndTheTabTitleCounts() {
        var state = ConsoleFixtures.state()
        state.press(.character("2"), .character(" "))
        #expect(state.invites.marked == [state.invites.row(at: 0).id])
        #expect(state.invites.cursor == 1)
        let frame = ConsoleScreen.render(state)
        #expect(frame.text(row: 1).contains("2 Invites · 1 marked"))
        #expect(frame.text(row: 3).hasPrefix("✓"))
        #expect(!frame.text(row: 4).hasPrefix("✓"))
        state.press(.character("k"), .character(" "))
        #expect(state.invites.marked.isEmpty, "Space again unmarks")
        #expect(!ConsoleScreen.render(state).text(row: 1).contains("marked"))
    }

    @Test func starMarksWhatTheFilterShowsAndEscClosesTheFilterBeforeClearingMarks() {
        var state = ConsoleFixtures.state()
        state.press(.character("/"))
        state.type("yamada")
        state.press(.enter, .character("*"))
        #expect(state.members.marked == ["user_taro"])
        #expect(state.flash?.text.contains("1 marked in all") == true)
        state.press(.escape)
        #expect(state.members.filter.isEmpty)
        #expect(state.members.marked == ["user_taro"], "the first Esc closes the filter, the marks stay")
        state.press(.character("*"))
        #expect(state.members.marked.count == 5)
        state.press(.escape)
        #expect(state.members.marked.isEmpty)
        #expect(state.flash?.text == "5 marks cleared")
    }

    @Test func marksSurviveReloadsByIdAndDropWhenTheRowIsGone() {
        var state = ConsoleFixtures.state()
        state.press(.character("j"), .character(" "), .character(" "))
        #expect(state.members.marked.count == 2)
        var snapshot = ConsoleFixtures.snapshot
        // The store changed: rows re-ordered, one marked member gone.
        snapshot.members = ConsoleFixtures.members.reversed().filter { $0.id != "user_evil" }
        _ = ConsoleReducer.reduce(&state, .loaded(snapshot))
        #expect(state.members.markedRows.map(\.member.id) == ["user_jane"])
        #expect(state.members.markCount == 1)
    }

    @Test func marksAreKeptPerViewAndOnlyWhereTheyMakeSense() {
        var state = ConsoleFixtures.state()
        state.press(
            .character(" "), .character("2"), .character(" "), .character("4"), .character(" "), .character("*"))
        #expect(state.members.marked.count == 1)
        #expect(state.invites.marked.count == 1)
        #expect(state.markCount == 0, "the audit log takes no marks")
    }
}
