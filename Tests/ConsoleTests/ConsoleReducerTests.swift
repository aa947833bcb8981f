import Console
import Foundation
import ScimifyCore
import Testing

/// Keys and events through the pure reducer: exact state and effects.
@Suite struct ConsoleReducerTests {
    @Test func navigationMovesAndClampsTheSelection() {
        var state = ConsoleFixtures.state()
        #expect(state.members.selected?.member.email == "avery.admin@acme.example")
        state.press(.character("j"), .down)
        #expect(state.members.selected?.member.email == "mallory@acme.example")
        state.press(.character("G"))
        #expect(state.members.selected?.member.email == "zoe@acme.example")
        state.press(.down)
        #expect(state.position.cursor == 4)
        state.press(.character("g"))
        #expect(state.position.cursor == 0)
        state.press(.up, .character("k"))
        #expect(state.position.cursor == 0)
        state.press(.pageDown)
        #expect(state.position.cursor == 4)
    }

    @Test func tabAndNumbersSwitchViewsAndReadinessStartsItsCheck() {
        var state = ConsoleFixtures.state()
        state.press(.tab)
        #expect(state.tab == .invites)
        state.press(.backTab)
        #expect(state.tab == .members)
        state.press(.character("3"))
        #expect(state.tab == .problems)
        let effects = state.press(.character("5"))
        #expect(state.tab == .readiness)
        #expect(effects == [.readiness])
        #expect(state.busy?.label == "Checking readiness")
        state.press(.character("6"))
        #expect(state.tab == .instances)
        #expect(state.instances.selected?.slug == "acme")
    }

    @Test func filterIsIncrementalCaseInsensitiveAndEscClearsIt() {
        var state = ConsoleFixtures.state()
        state.press(.character("/"))
        state.type("JA")
        #expect(state.mode == .filter("JA"))
        #expect(state.members.visible.count == 1)
        #expect(state.members.selected?.member.email == "jane.smith@acme.example")
        state.press(.backspace, .backspace)
        state.type("billing")
        #expect(state.members.selected?.member.email == "zoe@acme.example")
        state.press(.enter)
        #expect(state.mode == .normal)
        #expect(state.currentFilter == "billing")
        state.press(.escape)
        #expect(state.currentFilter.isEmpty)
        #expect(state.members.visible.count == 5)
        #expect(state.members.selected?.member.email == "zoe@acme.example")  // the selection stayed on the record
    }

    @Test func selectionStaysOnTheRecordThroughReloadAndSort() {
        var state = ConsoleFixtures.state()
        state.press(.character("j"))  // jane
        var snapshot = ConsoleFixtures.snapshot
        snapshot.members.insert(
            Member(id: "user_aaa", email: "aaa@acme.example", name: "A", role: .user, addedAt: Date()), at: 0)
        _ = ConsoleReducer.reduce(&state, .loaded(snapshot))
        #expect(state.members.selected?.member.email == "jane.smith@acme.example")
        #expect(state.position.cursor == 2)
        state.press(.character("I"))  // invert: descending email
        #expect(state.members.sortAscending == false)
        #expect(state.members.selected?.member.email == "jane.smith@acme.example")
        state.press(.character(">"))
        #expect(state.members.sortColumn == 1)
    }

    @Test func aSnapshotPreparedOffTheLoopIsAdoptedOrResortedIfTheSortChangedMeanwhile() {
        var state = ConsoleFixtures.state()
        state.press(.character("j"))  // jane
        var snapshot = ConsoleFixtures.snapshot
        snapshot.members.append(
            Member(id: "user_b", email: "bob@acme.example", name: "Bob", role: .user, addedAt: Date()))
        let prepared = PreparedSnapshot(snapshot, like: state)
        state.press(.character("I"))  // the operator inverts the sort while the load runs
        _ = ConsoleReducer.reduce(&state, .prepared(prepared))
        #expect(state.members.rows.count == 6)
        #expect(state.members.sortAscending == false)
        #expect(state.members.row(at: 0).member.email == "zoe@acme.example")
        #expect(state.members.selected?.member.email == "jane.smith@acme.example")
        let again = PreparedSnapshot(snapshot, like: state)
        _ = ConsoleReducer.reduce(&state, .prepared(again))
        #expect(state.members.selected?.member.email == "jane.smith@acme.example")
    }

    @Test func editRoleOffersOnlyProvisionableRolesWithTheCurrentOneMarked() throws {
        var state = ConsoleFixtures.state()
        state.press(.character("j"))
        state.press(.character("e"))
        guard case .rolePicker(let picker) = state.modal else {
            Issue.record("no picker")
            return
        }
        #expect(picker.choices == [.user, .developer, .billing, .claudeCodeUser])
        #expect(!picker.choices.contains(.admin))
        #expect(picker.current == .developer)
        #expect(picker.cursor == 1)
        #expect(picker.isInvite == false)
        #expect(state.press(.enter).isEmpty)  // same role: nothing to do
        #expect(state.flash?.text.contains("already has the role developer") == true)
        state.press(.character("e"), .down)
        // A single change is confirmed like every other: Enter alone is Cancel and changes nothing.
        #expect(state.press(.enter).isEmpty)
        guard case .confirm(let confirmation) = state.modal else {
            Issue.record("no confirmation")
            return
        }
        #expect(confirmation.title == "Change jane.smith@acme.example from developer to billing?")
        #expect(confirmation.focus == 0, "focus starts on Cancel")
        #expect(state.press(.enter).isEmpty && state.modal == nil && state.busy == nil)
        state.press(.character("e"), .down, .enter)
        let effects = state.press(.character("y"))
        #expect(
            effects == [
                .updateRole(
                    email: "jane.smith@acme.example", role: .billing,
                    expecting: .member(id: "user_jane", role: .developer))
            ])
        #expect(state.busy != nil)
    }

    @Test func editRoleOnAPendingInviteSaysItReinvites() {
        var state = ConsoleFixtures.state()
        state.press(.character("2"), .character("e"))
        guard case .rolePicker(let picker) = state.modal else {
            Issue.record("no picker")
            return
        }
        #expect(picker.isInvite)
        #expect(picker.email == "new.hire@acme.example")
        state.press(.character("2"), .enter)
        guard case .confirm(let confirmation) = state.modal else {
            Issue.record("no confirmation")
            return
        }
        #expect(confirmation.consequence.contains("cancels it and sends a new one with the role developer"))
        let effects = state.press(.character("y"))
        #expect(
            effects == [
                .updateRole(
                    email: "new.hire@acme.example", role: .developer,
                    expecting: .pendingInvite(id: "inv_new", role: .user))
            ])
    }

    @Test func protectedMembersAreRefusedWithTheReason() {
        var state = ConsoleFixtures.state()
        #expect(state.press(.character("e")).isEmpty)
        #expect(state.modal == nil)
        #expect(state.flash?.kind == .error)
        #expect(state.flash?.text.contains("admins and owners are protected") == true)
        state.press(.character("D"))
        #expect(state.modal == nil)
        #expect(state.flash?.text.contains("avery.admin@acme.example is admin") == true)
    }

    @Test func removeDefaultsToCancelAndNeedsAnExplicitConfirmation() {
        var state = ConsoleFixtures.state()
        state.press(.character("j"), .character("D"))
        guard case .confirm(let confirmation) = state.modal else {
            Issue.record("no dialog")
            return
        }
        #expect(confirmation.title == "Remove jane.smith@acme.example (Jane Smith, developer) from Acme Corp?")
        #expect(confirmation.confirmFocused == false)
        #expect(state.press(.enter).isEmpty)  // Enter alone cancels
        #expect(state.modal == nil)
        #expect(state.flash?.text == "cancelled; nothing changed")
        state.press(.character("D"))
        #expect(state.press(.escape).isEmpty)
        state.press(.character("D"), .right)
        #expect(
            state.press(.enter) == [
                .removeMember(email: "jane.smith@acme.example", expecting: .member(id: "user_jane", role: .developer))
            ])
        _ = ConsoleReducer.reduce(
            &state,
            .changeFinished(
                ChangeReport(
                    summary: "removed member jane.smith@acme.example",
                    removed: RemovedMember(email: "jane.smith@acme.example", role: .developer))))
        #expect(state.lastRemovals == [RemovedMember(email: "jane.smith@acme.example", role: .developer)])
        #expect(state.flash?.kind == .success)
        state.press(.character("u"))
        #expect(state.press(.character("y")) == [.invite(email: "jane.smith@acme.example", role: .developer)])
    }

    @Test func cancelInviteOnlyForPendingAndReinviteForExpired() {
        var state = ConsoleFixtures.state()
        state.press(.character("2"), .character("X"))
        guard case .confirm(let confirmation) = state.modal else {
            Issue.record("no dialog")
            return
        }
        #expect(
            confirmation.effect
                == .cancelInvite(email: "new.hire@acme.example", expecting: .pendingInvite(id: "inv_new", role: .user)))
        state.press(.escape, .character("G"), .character("X"))
        #expect(state.modal == nil)
        #expect(state.flash?.text == "this invite is expired; only pending invites can be cancelled")
        state.press(.character("R"))
        guard case .confirm(let reinvite) = state.modal else {
            Issue.record("no dialog")
            return
        }
        #expect(reinvite.effect == .invite(email: "old@acme.example", role: .billing))
    }

    @Test func readOnlyDisablesEveryMutatingKeyAndSaysSo() {
        var state = ConsoleFixtures.state(readOnly: true)
        for key in ["e", "D", "U", "u"] {
            #expect(state.press(.character(Character(key))).isEmpty)
            #expect(state.modal == nil)
            #expect(state.flash?.text.hasPrefix("read-only:") == true)
        }
        state.press(.character("2"))
        #expect(state.press(.character("X")).isEmpty)
        #expect(state.press(.character(":")).isEmpty)
        state.type("refresh")
        #expect(state.press(.enter).acting.isEmpty)
        #expect(state.flash?.text.hasPrefix("read-only:") == true)
        #expect(state.press(.character("r")) == [.load])  // reading is allowed
    }

    @Test func commandModeCompletesAndRuns() {
        var state = ConsoleFixtures.state()
        state.press(.character(":"))
        state.type("inv")
        state.press(.tab)
        #expect(state.mode == .command("invites"))
        state.press(.enter)
        #expect(state.tab == .invites)
        state.press(.character(":"))
        state.type("bogus")
        state.press(.enter)
        #expect(state.flash?.text == "unknown command :bogus (try :help, or Tab for the commands)")
        state.press(.character(":"))
        state.type("q")
        #expect(state.press(.enter).acting == [.quit])
        #expect(state.quitting)
    }

    @Test func errorsStayUntilTheNextKeyAndSuccessFades() {
        var state = ConsoleFixtures.state()
        _ = ConsoleReducer.reduce(
            &state, .changeFinished(ChangeReport(failure: "the Admin API is unavailable (request-id: req_1)")))
        _ = ConsoleReducer.reduce(&state, .tick(ConsoleFixtures.now + 60))
        #expect(state.flash?.kind == .error)
        state.press(.character("j"))
        #expect(state.flash == nil)
        _ = ConsoleReducer.reduce(&state, .changeFinished(ChangeReport(summary: "done")))
        #expect(state.flash?.kind == .success)
        _ = ConsoleReducer.reduce(&state, .tick(ConsoleFixtures.now + 70))
        #expect(state.flash == nil)
    }

    @Test func refreshShowsProgressAndOneChangeAtATime() {
        var state = ConsoleFixtures.state()
        #expect(state.press(.character("U")) == [.previewRefresh])
        var progress = Refresher.Progress()
        progress.members = ListingProgress(pages: 2, rows: 2000)
        progress.invites = ListingProgress(pages: 1, rows: 9)
        _ = ConsoleReducer.reduce(&state, .refreshProgress(progress))
        #expect(state.busy?.progress == "members 2 pages, 2000 rows · invites 1 pages, 9 rows")
        state.press(.character("j"), .character("D"), .character("y"))
        #expect(state.flash?.text == "wait: listing members and invites is still running")
        _ = ConsoleReducer.reduce(&state, .refreshPreviewed(summary: "members +1 new", failure: nil))
        guard case .confirm(let confirmation) = state.modal else {
            Issue.record("no import dialog")
            return
        }
        #expect(confirmation.title == "Import this into the local copy?")
        #expect(confirmation.consequence.hasPrefix("members +1 new. Nothing changes in the Claude organization"))
        #expect(state.press(.character("y")) == [.refreshUsers])
        let effects = ConsoleReducer.reduce(
            &state, .refreshFinished(summary: "+1 member", details: ["+ member eve@acme.example (user)"], failure: nil))
        #expect(effects == [.load])
        #expect(state.busy == nil)
        #expect(state.flash?.text == "refresh users: +1 member")
        guard case .notice(let title, let lines, _) = state.modal else {
            Issue.record("no diff dialog")
            return
        }
        #expect(title == "Refresh users: what changed")
        #expect(lines == ["+ member eve@acme.example (user)"])
    }

    @Test func tooSmallTerminalOnlyQuits() {
        var state = ConsoleFixtures.state(width: 60, height: 20)
        #expect(state.isTooSmall)
        #expect(state.press(.character("D")).isEmpty)
        #expect(state.press(.character("q")) == [.quit])
    }

    @Test func theAddInstanceFormValidatesAndNeverShowsTheKey() {
        var state = ConsoleFixtures.state()
        state.press(.character("6"), .character("a"))
        state.type("Beta Org")
        state.press(.enter, .enter)
        state.type("sk-ant-admin-secret")
        let effects = state.press(.enter)
        #expect(
            effects == [
                .addInstance(
                    NewInstance(
                        name: "Beta Org", apiBaseURL: "https://api.anthropic.com", apiKey: "sk-ant-admin-secret"))
            ])
        #expect(!"\(effects)".contains("secret"))
    }
}

@Suite struct ConsoleLiveUpdateTests {
    @Test func anotherProcessesChangeReloadsUnlessAChangeOfOursIsInFlight() {
        var state = ConsoleFixtures.state()
        #expect(ConsoleReducer.reduce(&state, .storeChanged) == [.load])
        state.press(.character("j"), .character("D"), .right)
        #expect(state.press(.enter).count == 1)
        #expect(state.busy != nil)
        // The change in flight reloads when it finishes; a reload now would race it.
        #expect(ConsoleReducer.reduce(&state, .storeChanged).isEmpty)
        #expect(ConsoleReducer.reduce(&state, .changeFinished(ChangeReport(summary: "done"))) == [.load])
    }
}
