import Console
import Foundation
import ScimifyCore
import Testing

/// Frames drawn into the cell buffer: exact text, widths and attributes.
@Suite struct ConsoleViewTests {
    @Test func wideCombiningAndEmojiTextIsAlignedByDisplayWidth() {
        var buffer = CellBuffer(width: 12, height: 3)
        buffer.putField("山田太郎", row: 0, column: 0, columns: 10)
        buffer.putField("Zoë 🎉", row: 1, column: 0, columns: 10)
        buffer.putField("Cafe\u{301} 山田太郎", row: 2, column: 0, columns: 10)
        #expect(buffer.text(row: 0) == "山田太郎    ")
        #expect(buffer[0, 1].isContinuation)
        #expect(buffer.text(row: 1) == "Zoë 🎉      ")
        #expect(buffer.text(row: 2) == "Café 山田…  ")  // never splits a wide glyph
        #expect(buffer[2, 3].text == "e\u{301}")
    }

    @Test func controlCharactersAndEscapesNeverReachACell() {
        var buffer = CellBuffer(width: 40, height: 2)
        buffer.putField("Mal\u{1B}[31mlory\u{07}\u{202E}", row: 0, column: 0, columns: 40)
        buffer.put("raw\u{1B}[2Jtext\u{9B}", row: 1, column: 0)
        for cell in buffer.cells {
            for scalar in cell.text.unicodeScalars {
                #expect(scalar.value >= 0x20 && !(0x7F...0x9F).contains(scalar.value) && scalar.value != 0x202E)
            }
        }
        #expect(buffer.text(row: 0).hasPrefix("Mal\\u{1b}[31mlory\\u{7}\\u{202e}"))
        #expect(buffer.text(row: 1).hasPrefix("raw�[2Jtext�"))
    }

    @Test func membersFrameHeaderTabsTableDetailAndFooter() {
        let state = ConsoleFixtures.state()
        let frame = ConsoleScreen.render(state)
        #expect(frame.text(row: 0).hasPrefix(" Scimify │ Acme (acme) · org Acme Corp · enforce"))
        #expect(frame.text(row: 0).hasSuffix("Members 5 · Invites 2 · refreshed 2m ago "))
        #expect(
            frame.text(row: 1).hasPrefix("  1 Members   2 Inv   3 Prob   4 Audit   5 Ready   6 Inst   7 Keys   8 Req "),
            "at 100 columns the other views have short names")
        #expect(
            ConsoleScreen.render(ConsoleFixtures.state(width: 120)).text(row: 1).hasPrefix(
                "  1 Members   2 Invites   3 Problems   4 Audit   5 Readiness   6 Instances   7 Keys   8 Requests "))
        #expect(frame.text(row: 1).hasSuffix("1/5 "))
        #expect(frame.styleCodes(row: 1).hasPrefix(".bbbbbbbbbbb."))  // the current tab is bold reverse
        #expect(frame.text(row: 2).hasPrefix(" EMAIL↑"))
        #expect(frame[2, 1].style == .heading)
        let first = frame.text(row: 3)
        #expect(first.hasPrefix(" avery.admin@acme.example"))
        #expect(first.contains("admin (protected) 2025-04-23 no"))
        #expect(frame[3, 0].style.reverse)  // the selection is in reverse video
        #expect(frame.text(row: 4).contains("Jane Smith"))
        #expect(frame.text(row: 4).contains("✓ IdP"))
        #expect(frame.text(row: 5).contains("Mal\\u{1b}[31mlory\\u{7}"))
        #expect(frame.text(row: 6).contains("山田太郎"))
        #expect(frame.text(row: 21).hasPrefix("┌─ Member ─"))
        #expect(frame.text(row: 22).hasPrefix("│ Avery Admin <avery.admin@acme.example>"))
        #expect(frame.text(row: 25).contains("protected: admin members are never changed or removed by Scimify"))
        #expect(
            frame.text(row: 29).hasPrefix(
                "/ filter Space mark e role D remove u undo U refresh users r reload ? help q quit"))
    }

    @Test func detailTellsPushedByTheIdPFromImportedByRefresh() {
        var state = ConsoleFixtures.state()
        let imported = ConsoleScreen.render(state)
        #expect(imported.text(row: 24).contains("imported by refresh (or changed here), not yet claimed by the IdP"))
        state.press(.character("j"))  // jane.smith: a SCIM request pushed her
        let pushed = ConsoleScreen.render(state)
        #expect(pushed.text(row: 24).contains("pushed by the IdP: a SCIM request created or updated this person"))
        for frame in [imported, pushed] {
            #expect(!(0..<frame.height).contains { frame.text(row: $0).contains("managed by a SCIM record") })
        }
    }

    @Test func theHeaderTakesTheInstancesColour() {
        var state = ConsoleFixtures.state()
        #expect(ConsoleScreen.render(state).styleCodes(row: 0).hasPrefix("CCCC"))
        state.instance?.headerColor = .red
        #expect(ConsoleScreen.render(state).styleCodes(row: 0).hasPrefix("RRRR"))
        state.instance?.headerColor = .blue
        #expect(ConsoleScreen.render(state).styleCodes(row: 0).hasSuffix("BBBB"))
    }

    @Test func invitesShowExpiryInWordsAndNotOnlyColour() {
        var state = ConsoleFixtures.state()
        state.press(.character("2"))
        let frame = ConsoleScreen.render(state)
        let rows = (3...5).map { frame.text(row: $0) }
        #expect(
            rows[0].contains("new.hire@acme.example") && rows[0].contains("pending") && rows[0].contains("in 20 days"))
        #expect(rows[1].contains("soon@acme.example") && rows[1].contains("! in 2 days"))
        #expect(
            rows[2].contains("old@acme.example") && rows[2].contains("expired") && rows[2].contains("✗ expired 9d ago"))
        let soonColumn = rows[1].distance(from: rows[1].startIndex, to: rows[1].range(of: "! in")!.lowerBound)
        #expect(frame[4, soonColumn].style == CellStyle(tone: .pending, bold: true))
        let expiredColumn = rows[2].distance(from: rows[2].startIndex, to: rows[2].range(of: "✗")!.lowerBound)
        #expect(frame[5, expiredColumn].style == .error)
        #expect(frame.text(row: 29).hasPrefix("/ filter Space mark e role X cancel R re-invite u undo U refresh users"))
    }

    @Test func dialogsNameTheObjectAndFocusCancel() {
        var state = ConsoleFixtures.state()
        state.press(.character("j"), .character("D"))
        let text = ConsoleScreen.render(state).text
        #expect(text.contains("Remove jane.smith@acme.example (Jane Smith, developer) from Acme Corp?"))
        #expect(text.contains("[ Cancel ]    Remove (y)"))
        state.press(.escape, .character("e"))
        let picker = ConsoleScreen.render(state).text
        #expect(picker.contains("1   user"))
        #expect(picker.contains("2 ● developer  (current)"))
        #expect(picker.contains("4   claude_code_user"))
        #expect(!picker.contains("5  "))  // four choices: admin is never offered
        #expect(picker.contains("The member's role changes at once."))
    }

    /// Every page of the open help, scrolled through with PgDn, as one text.
    private func helpPages(_ state: inout ConsoleState) -> String {
        var pages = [ConsoleScreen.render(state).text]
        for _ in 0..<20 {
            state.press(.pageDown)
            let page = ConsoleScreen.render(state).text
            if page == pages.last { break }
            pages.append(page)
        }
        return pages.joined(separator: "\n")
    }

    @Test func helpIsGeneratedFromTheKeymapAndMarksDisabledKeysInReadOnly() {
        var state = ConsoleFixtures.state(readOnly: true)
        state.press(.character("?"))
        let frame = ConsoleScreen.render(state)
        #expect(frame.text.contains("Keys: Members (read-only: changes disabled)"))
        #expect(frame.text(row: 0).contains("READ-ONLY"))
        let text = helpPages(&state)
        for binding in Keymap.bindings where binding.applies(to: .members) {
            if case .showView = binding.action { continue }
            if binding.action.isMovement { continue }
            #expect(text.contains(binding.keyLabel), "\(binding.keyLabel)")
        }
        #expect(
            text.contains(
                "1-8            members · invites · problems · audit · readiness · instances · keys · requests"))
        #expect(text.contains("remove the member from the organization (confirmed) (disabled)"))
    }

    /// At 80x24 the help fits the terminal: every sentence wraps (none is cut) and the list scrolls with
    /// j/k/PgDn/G instead of closing; any other key closes it.
    @Test func helpWrapsAndScrollsAt80x24() {
        var state = ConsoleFixtures.state(width: 80, height: 24)
        state.press(.character("?"))
        let first = ConsoleScreen.render(state)
        #expect(first.text.contains("j k g G"))
        #expect(first.text.contains("j k ↑↓ PgUp PgDn scroll · 1-19 of "))
        #expect(first.text.contains(" · any other key closes"))
        for row in 0..<24 {
            #expect(DisplayWidth.of(first.text(row: row)) <= 80, "row \(row) fits")
        }
        state.press(.character("j"))
        guard case .help(let scroll) = state.modal else {
            Issue.record("j closed the help")
            return
        }
        #expect(scroll == 1)
        let text = helpPages(&state)
        for binding in Keymap.bindings where binding.applies(to: .members) && !binding.action.isMovement {
            if case .showView = binding.action { continue }
            // Each sentence appears whole, wrapped over lines: every one of its words is on screen.
            for word in binding.help.split(separator: " ") {
                #expect(text.contains(word), "\(word) of \(binding.help)")
            }
        }
        #expect(text.contains("stop a running bulk action after the current item; else"))
        #expect(text.contains("clear the filter; else clear the marks"))
        state.press(.character("G"))
        #expect(ConsoleScreen.render(state).text.contains("q/Ctrl-C"))
        state.press(.character("x"))
        #expect(state.modal == nil, "another key closes it")
    }

    @Test func theAdminKeyIsTypedMasked() {
        var state = ConsoleFixtures.state()
        state.press(.character("6"), .character("a"), .tab, .tab)
        state.type("sk-ant-admin-secret")
        let text = ConsoleScreen.render(state).text
        #expect(!text.contains("secret"))
        #expect(text.contains("Admin API key   •••••••••••••••••••█"))
    }

    @Test func tooSmallTerminalSaysWhatItNeeds() {
        let frame = ConsoleScreen.render(ConsoleFixtures.state(width: 60, height: 20))
        #expect(frame.text.contains("Terminal too small: need 80x24, have 60x20"))
    }

    @Test func the80x24MinimumStillShowsEveryColumn() {
        var state = ConsoleFixtures.state(width: 80, height: 24)
        state.press(.character("2"))
        let frame = ConsoleScreen.render(state)
        #expect(frame.text(row: 2).contains("EXPIRES"))
        #expect(frame.text(row: 4).contains("! in 2 days"))
        #expect(frame.text(row: 23).hasPrefix("/ filter"))
    }
}
