import Foundation
import ScimifyCore
import Testing

@testable import Console

/// The `:` and `/` prompts: ↑/↓ history kept for the next session, Tab showing its candidates, and saved
/// filters per instance.
@Suite struct ConsolePromptTests {
    @Test func upAndDownWalkTheCommandHistoryAndGiveBackTheDraft() {
        var state = ConsoleFixtures.state()
        state.press(.character(":"))
        state.type("invites")
        #expect(state.press(.enter).contains(.remember(state.memory)))
        state.press(.character(":"))
        state.type("audit")
        state.press(.enter)
        #expect(state.memory.commands == ["invites", "audit"])
        state.press(.character(":"))
        state.type("mem")
        state.press(.up)
        #expect(state.mode == .command("audit"))
        state.press(.up)
        #expect(state.mode == .command("invites"))
        state.press(.up)
        #expect(state.mode == .command("invites"), "the oldest entry stays")
        state.press(.down, .down)
        #expect(state.mode == .command("mem"), "past the newest, the draft comes back")
        state.press(.up, .enter)
        #expect(state.tab == .audit)
        #expect(state.memory.commands == ["invites", "audit"], "a repeat of the last entry is not added")
    }

    @Test func theFilterHistoryRecallsAndAppliesAnEarlierFilter() {
        var state = ConsoleFixtures.state()
        state.press(.character("/"))
        state.type("jane")
        state.press(.enter)
        state.press(.character("/"))
        state.type("yamada")
        state.press(.enter)
        #expect(state.memory.filters == ["jane", "yamada"])
        state.press(.character("/"))
        state.press(.up, .up)
        #expect(state.mode == .filter("jane") && state.currentFilter == "jane")
        #expect(state.members.selected?.member.email == "jane.smith@acme.example")
    }

    @Test func tabOnAnEmptyPromptOrAPrefixShowsTheCandidates() {
        var state = ConsoleFixtures.state()
        state.press(.character(":"), .tab)
        #expect(state.completions.contains("members") && state.completions.contains("quit"))
        #expect(ConsoleScreen.render(state).text(row: state.height - 2).contains("Tab: members  invites"))
        state.press(.escape, .character(":"))
        state.type("re")
        state.press(.tab)
        #expect(state.completions == ["readiness", "requests", "refresh", "reload"])
        #expect(state.mode == .command("re"))
        state.type("a")
        #expect(state.completions.isEmpty, "typing clears the candidates")
        state.press(.tab)
        #expect(state.mode == .command("readiness"))
    }

    @Test func savedFiltersArePerInstanceAndOpenTheirView() {
        var state = ConsoleFixtures.state()
        state.press(.character("2"), .character("/"))
        state.type("old")
        state.press(.enter, .character(":"))
        state.type("save stale")
        let effects = state.press(.enter)
        #expect(state.memory.savedFilters["acme"]?["stale"] == ConsoleMemory.SavedFilter(view: "invites", text: "old"))
        #expect(effects.contains(.remember(state.memory)))
        state.press(.character("1"), .character(":"))
        state.type("filter stale")
        state.press(.enter)
        #expect(state.tab == .invites && state.currentFilter == "old")
        state.press(.character(":"))
        state.type("filters")
        state.press(.enter)
        guard case .notice(_, let lines, _) = state.modal else {
            Issue.record("no list")
            return
        }
        #expect(lines == ["stale: invites /old  (:filter stale)"])
        state.press(.escape, .character(":"))
        state.type("filter nope")
        state.press(.enter)
        #expect(state.flash?.text == "no saved filter nope for this instance (:filters lists them)")
    }

    @Test func theMemoryFileRoundTripsAndAMissingOneIsEmpty() throws {
        let directory = NSTemporaryDirectory() + "scimify-memory-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = ConsoleMemoryFile.standard(environment: ["XDG_STATE_HOME": directory])
        #expect(file.path == directory + "/scimify/console.json")
        #expect(file.load() == ConsoleMemory())
        var memory = ConsoleMemory()
        memory.commands = ["audit"]
        memory.savedFilters["acme"] = ["x": .init(view: "members", text: "zoë")]
        try file.save(memory)
        #expect(file.load() == memory)
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
