import Foundation
import Testing

@testable import Console

/// The view registry: one list names the views in tab order, each view is one folder with one type, no code
/// outside the registry switches over the tab, and the keymap built from the views keeps each view's keys.
@Suite struct ConsoleViewRegistryTests {
    static let consoleSources = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Sources/Console")

    /// Every Swift file under `Sources/Console`, by its path inside it.
    static func sources() throws -> [(path: String, text: String)] {
        let root = consoleSources.path
        let enumerator = try #require(FileManager.default.enumerator(atPath: root))
        return try enumerator.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }.sorted().map {
            ($0, try String(contentsOfFile: root + "/" + $0, encoding: .utf8))
        }
    }

    @Test func noSwitchOverTheTabRemainsOutsideTheRegistry() throws {
        let files = try Self.sources()
        #expect(files.count > 40, "the sources were not found at \(Self.consoleSources.path)")
        // `switch tab`, `switch state.tab`, `switch (action, state.tab)`, and `switch self` in the tab's own type.
        let overTab = try Regex(#"switch\s*\(?[^{\n]*\btab\b"#)
        var offenders: [String] = []
        for (path, text) in files where path != "Views/ConsoleViews.swift" {
            for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.split(separator: "//", maxSplits: 1).first.map(String.init) ?? ""
                if code.contains(overTab) || (path == "State/ConsoleTab.swift" && code.contains("switch self")) {
                    offenders.append("\(path):\(number + 1): \(line.trimmingCharacters(in: .whitespaces))")
                }
            }
        }
        #expect(offenders.isEmpty, "switches over the tab outside the registry:\n\(offenders.joined(separator: "\n"))")
    }

    @Test func theRegistryListsEveryTabOnceInTabOrderAndEachViewHasItsFolder() throws {
        #expect(ConsoleViews.all.map { $0.tab } == ConsoleTab.allCases)
        let folders = Set(
            try FileManager.default.contentsOfDirectory(
                atPath: Self.consoleSources.appendingPathComponent("Views").path))
        for view in ConsoleViews.all {
            #expect(ObjectIdentifier(view.tab.view) == ObjectIdentifier(view))
            #expect(view.tab.title == view.title)
            #expect(folders.contains(view.title), "no folder Views/\(view.title)")
            let file = Self.consoleSources.appendingPathComponent("Views/\(view.title)/\(view.title)View.swift")
            #expect(FileManager.default.fileExists(atPath: file.path), "\(view.title)'s type is not in its folder")
        }
    }

    @Test func theKeymapHoldsEachViewsOwnKeysInItsOwnOrderAndOnlyThere() {
        for view in ConsoleViews.all {
            let own = view.bindings.map(\.action)
            let inKeymap = Keymap.standard.bindings.filter { own.contains($0.action) && $0.applies(to: view.tab) }
            #expect(inKeymap.map(\.action) == own, "\(view.title): \(inKeymap.map(\.action)) != \(own)")
        }
        // A view's key does not leak into a view that does not declare it.
        #expect(Keymap.standard.binding(for: .character("D"), in: .invites) == nil)
        #expect(Keymap.standard.binding(for: .character("X"), in: .keys)?.action == .deactivateKey)
        #expect(Keymap.standard.binding(for: .character("X"), in: .invites)?.action == .cancelInvite)
        // An action two views bind is one row (one config name), working in both.
        let undo = Keymap.standard.bindings.filter { $0.action == .undoRemoval }
        #expect(undo.count == 1 && undo[0].applies(to: .members) && undo[0].applies(to: .invites))
        // Enter opens the detail except where the view gives Enter its own meaning.
        #expect(Keymap.standard.binding(for: .enter, in: .members)?.action == .detail)
        #expect(Keymap.standard.binding(for: .enter, in: .instances)?.action == .switchInstance)
        #expect(Keymap.standard.binding(for: .enter, in: .readiness) == nil)
        #expect(Keymap.standard.conflicts().isEmpty)
    }

    @Test func theSharedTableKeysFollowWhatEachViewsTableTakes() {
        for view in ConsoleViews.all {
            let table = view.table
            let km = Keymap.standard
            #expect((km.binding(for: .character(" "), in: view.tab) != nil) == (table?.takesMarks ?? false))
            #expect((km.binding(for: .character(">"), in: view.tab) != nil) == (table?.sortable ?? false))
            #expect((km.binding(for: .character("/"), in: view.tab) != nil) == (table?.filterable ?? false))
            #expect((km.binding(for: .character("y"), in: view.tab) != nil) == (table?.copies ?? false))
        }
    }

    @Test func eachViewsTableAnswersTheSharedOperationsOnItsOwnRows() {
        var state = ConsoleFixtures.state(width: 120, height: 32)
        for view in ConsoleViews.all {
            state.press(.character(Character(String(view.tab.rawValue))))
            #expect(state.tab == view.tab)
            guard let table = view.table else {
                #expect(state.position.count == 0)
                continue
            }
            let position = table.position(state)
            #expect(state.position.count == position.count && state.position.total == position.total)
            let exported = table.exported(state)
            #expect(exported.rows.count == position.count, "\(view.title) exports what it shows")
            #expect(!exported.titles.isEmpty)
        }
    }
}
