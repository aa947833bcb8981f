import AdminAPISimulator
import AsyncHTTPClient
import ClaudeAdminAPI
import Foundation
import NIOCore
import NIOHTTP1
import ScimifyCore
import ScimifyTestSupport
import Testing

/// The real console in tmux on `scimify demo`: what the operator sees and what reaches the organization
/// (checked on the demo's simulator over HTTP).
@Suite(.serialized, .timeLimit(.minutes(5))) struct ConsoleEndToEndTests {
    /// A demo console and a client for its simulator.
    struct Demo {
        let console: TmuxConsole
        let api: AdminAPIClient
        let baseURL: String
        let port: Int

        static func start(_ extra: [String] = [], width: Int = 120, height: Int = 30) async throws -> Demo {
            let port = try freeLoopbackPort()
            let console = try await TmuxConsole(
                ["demo", "--simulator-port", "\(port)"] + extra, width: width, height: height)
            let baseURL = "http://127.0.0.1:\(port)"
            let api = AdminAPIClient(
                key: AdminAPIKey(AdminAPISimulator.Configuration.defaultAdminKey)!,
                configuration: .init(baseURL: baseURL))
            try await console.waitFor("Members 41 · Invites 10")
            return Demo(console: console, api: api, baseURL: baseURL, port: port)
        }

        func members() async throws -> [Member] { try await api.listAllMembers(progress: nil) }

        func pendingInvites(_ email: String) async throws -> [Invite] {
            try await api.listAllInvites(progress: nil).filter { $0.email == email && $0.status == .pending }
        }

        /// Sends `signal` to the demo process (as `kill` from another shell would) and checks that it exits 0
        /// with the terminal restored.
        func signal(_ name: String) async throws {
            let sent = try await ScimifyProcess.runTool(
                "/usr/bin/pkill", ["-\(name)", "-f", "demo --simulator-port \(port)"])
            #expect(sent.status == 0)
            #expect(try await console.exitStatus() == 0)
            let modes = try await console.terminalModesAfterExit()
            #expect(modes.contains("tty modes: icrnl icanon echo"), "\(modes)")
            await console.stop()
        }

        /// Quits with q and checks the exit status.
        func quit() async throws {
            try await console.send("Escape", "q")
            #expect(try await console.exitStatus() == 0)
            let modes = try await console.terminalModesAfterExit()
            // The terminal is restored: canonical mode, echo and CR translation are back on.
            #expect(modes.contains("tty modes: icrnl icanon echo"), "\(modes)")
            await console.stop()
        }
    }

    @Test func navigationFilterHelpAndResize() async throws {
        let demo = try await Demo.start()
        let console = demo.console
        defer { Task { await console.stop() } }
        try await console.send("j", "j")
        try await console.waitFor("3/41")
        try await console.send("G")
        try await console.waitFor("41/41")
        try await console.send("/")
        try await console.type("zoe")
        let filtered = try await console.waitFor("filter: zoe (1/41)")
        #expect(filtered.contains("zoe.muller@acme.example"))
        #expect(filtered.contains("Zoë Müller"))
        try await console.send("Escape")
        try await console.waitForAbsence("filter: zoe")
        try await console.send("?")
        let help = try await console.waitFor("Keys: Members")
        #expect(help.contains("remove the member from the organization (confirmed)"))
        try await console.send("Escape")
        try await console.waitForAbsence("Keys: Members")
        try await console.send("Tab")
        try await console.waitFor("EXPIRES")
        try await console.resize(width: 70, height: 20)
        try await console.waitFor("Terminal too small: need 80x24, have 70x20")
        try await console.resize(width: 80, height: 24)
        let small = try await console.waitFor("EXPIRES")
        #expect(small.contains("! in "))  // expiring invites are marked in words
        try await demo.quit()
    }

    @Test func editRoleOnAMemberAndOnAPendingInvite() async throws {
        let demo = try await Demo.start()
        let console = demo.console
        defer { Task { await console.stop() } }
        let before = try #require(try await demo.members().first { $0.email == "jane.smith@acme.example" })
        let target: ClaudeRole = before.role == .developer ? .billing : .developer
        let digit = "\(ClaudeRole.provisionable.firstIndex(of: target)! + 1)"
        try await console.send("/")
        try await console.type("jane.smith")
        try await console.send("Enter", "e")
        let picker = try await console.waitFor("Role of jane.smith@acme.example")
        #expect(picker.contains("● \(before.role)  (current)"))
        #expect(!picker.contains("  admin"))
        try await console.send(digit, "Enter")
        try await console.waitFor("Change jane.smith@acme.example from \(before.role) to \(target)?")
        try await console.send("y")
        try await console.waitFor("changed jane.smith@acme.example from \(before.role) to \(target)")
        let after = try #require(try await demo.members().first { $0.email == "jane.smith@acme.example" })
        #expect(after.role == target)

        try await console.send("Escape", "2", "/")
        try await console.type("new.hire1")
        try await console.send("Enter", "e")
        try await console.waitFor("Pending invite: Scimify cancels it and re-invites with the new role.")
        try await console.send("2", "Enter")
        try await console.waitFor("Change new.hire1@acme.example from user to developer?")
        try await console.send("y")
        try await console.waitFor("re-invited as developer")
        let pending = try await demo.pendingInvites("new.hire1@acme.example")
        #expect(pending.count == 1)
        #expect(pending.first?.role == .developer)
        try await demo.signal("TERM")  // SIGTERM restores the terminal too
    }

    /// The demo starts with problems: a held removal (approved here with `a`) and a failed push.
    @Test func problemsTabListsTheHeldRemovalAndApprovesIt() async throws {
        let demo = try await Demo.start()
        let console = demo.console
        defer { Task { await console.stop() } }
        try await console.waitFor("3 Problems (2)")
        try await console.waitFor("! 1 removal held")
        try await console.send("3")
        let problems = try await console.waitFor("held removal")
        #expect(problems.contains("failed push") && problems.contains("okta.admin@acme.example"))
        try await console.send("/")
        try await console.type("temp.two")
        try await console.send("Enter")
        try await console.waitFor("remedy: approve")
        #expect(try await demo.pendingInvites("temp.two@acme.example").count == 1)
        try await console.send("a")
        try await console.waitFor("Approve the removal of temp.two@acme.example?")
        try await console.send("y")
        try await console.waitFor("approved: cancelled the pending invite of temp.two@acme.example")
        #expect(try await demo.pendingInvites("temp.two@acme.example").isEmpty)
        try await console.waitFor("3 Problems (1)")
        try await console.waitForAbsence("removal held")
        try await demo.quit()
    }

    @Test func cancelInviteAndRemoveWithTheDialogThenUndo() async throws {
        let demo = try await Demo.start()
        let console = demo.console
        defer { Task { await console.stop() } }
        try await console.send("2", "/")
        try await console.type("new.hire2")
        try await console.send("Enter", "X")
        try await console.waitFor("Cancel the pending invite of new.hire2@acme.example (developer)?")
        try await console.send("Enter")  // default: Cancel
        try await console.waitFor("cancelled; nothing changed")
        #expect(try await demo.pendingInvites("new.hire2@acme.example").count == 1)
        try await console.send("X", "y")
        try await console.waitFor("cancelled the pending invite of new.hire2@acme.example")
        #expect(try await demo.pendingInvites("new.hire2@acme.example").isEmpty)

        let liam = try #require(try await demo.members().first { $0.email == "liam.brown@acme.example" })
        try await console.send("Escape", "1", "/")
        try await console.type("liam.brown")
        try await console.send("Enter")
        try await console.waitFor("API keys created: none")  // read: the plain two-button dialog follows
        try await console.send("D")
        try await console.waitFor("Remove liam.brown@acme.example (Liam Brown, \(liam.role)) from")
        try await console.send("Enter")
        try await console.waitFor("cancelled; nothing changed")
        #expect(try await demo.members().contains { $0.email == "liam.brown@acme.example" })
        try await console.send("D", "Right", "Enter")
        try await console.waitFor("removed member liam.brown@acme.example")
        #expect(try await !demo.members().contains { $0.email == "liam.brown@acme.example" })
        try await console.send("u")
        try await console.waitFor("Undo the removal of liam.brown@acme.example?")
        try await console.send("y")
        try await console.waitFor("invited liam.brown@acme.example as \(liam.role)")
        #expect(try await demo.pendingInvites("liam.brown@acme.example").map(\.role) == [liam.role])
        try await demo.quit()
    }

    @Test func refreshShowsItsDiffAndHostileNamesAreNeutralised() async throws {
        let demo = try await Demo.start()
        let console = demo.console
        defer { Task { await console.stop() } }
        var request = HTTPClientRequest(url: demo.baseURL + "/_sim/members")
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(
            ByteBuffer(
                string: #"{"email":"eve@acme.example","name":"Eve \u001b[31mRed\u001b]0;pwned\u0007","role":"user"}"#))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        #expect(response.status == .ok)
        try await console.send("U")
        let preview = try await console.waitFor("Import this into the local copy?")
        #expect(preview.contains("42 members and"))
        #expect(preview.contains("members +1 new"))
        try await console.send("y")
        let done = try await console.waitFor("Refresh users: what changed")
        #expect(done.contains("refresh users: 42 members"))
        #expect(done.contains("+ member eve@acme.example (user)"))
        try await console.send("Escape", "/")
        try await console.type("eve@")
        let screen = try await console.waitFor("filter: eve@ (1/42)")
        #expect(screen.contains(#"Eve \u{1b}[31mRed\u{1b}]0;pwned\u{7}"#))
        // Had the sequences reached the terminal, the OSC would have retitled the pane and the CSI turned the
        // rest of the row red.
        #expect(try await console.paneTitle() != "pwned")
        let row = try await console.screen(colors: true).split(separator: "\n").first { $0.contains("Eve ") } ?? ""
        #expect(!row.contains("\u{1B}[31m"))
        try await demo.quit()
    }

    @Test func readOnlyModeRefusesChangesAndReadinessReports() async throws {
        let demo = try await Demo.start(["--read-only"])
        let console = demo.console
        defer { Task { await console.stop() } }
        let screen = try await console.waitFor("READ-ONLY")
        #expect(screen.contains("D remove"))
        try await console.send("j", "D")
        try await console.waitFor("read-only: \"remove the member from the organization (confirmed)\" is disabled")
        try await console.send("5")
        let readiness = try await console.waitFor("credentials: ok", seconds: 30)
        #expect(readiness.split(separator: "\n").contains(" GO"))  // the verdict line, not NO-GO
        try await console.send("C-c")
        #expect(try await console.exitStatus() == 0)
        let modes = try await console.terminalModesAfterExit()
        #expect(modes.contains("tty modes: icrnl icanon echo"), "\(modes)")  // Ctrl-C (SIGINT) restores it
        await console.stop()
    }

    @Test func instancesTestConnectionAndRotateTheTokenShownOnce() async throws {
        let demo = try await Demo.start()
        let console = demo.console
        defer { Task { await console.stop() } }
        try await console.send("6")
        try await console.waitFor("SCIM base path: /instances/acme-demo/scim/v2")
        try await console.send("t")
        try await console.waitFor("acme-demo: connection ok, organization Acme Demo")
        try await console.send("T")
        try await console.waitFor("Rotate the SCIM token of Acme Demo?")
        try await console.send("y")
        let notice = try await console.waitFor("New SCIM bearer token of acme-demo:")
        let token = try #require(
            notice.split(separator: "\n").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " │")) }
                .first { $0.count >= 40 && !$0.contains(" ") })
        // A stray key does not lose it: only Enter closes the box; y copies the token first.
        try await console.send("Escape", "q")
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await console.screen().contains("New SCIM bearer token of acme-demo:"))
        try await console.allowClipboard()
        try await console.send("y")
        try await console.waitFor("copied the SCIM token to the clipboard (OSC 52)")
        #expect(try await console.clipboard() == token)
        try await console.send("Enter")
        try await console.waitForAbsence("New SCIM bearer token")
        #expect(try await !console.screen().contains(token))  // shown once, never again
        try await demo.quit()
    }

    @Test func mouseClickSelectsTheWheelScrollsAndYCopies() async throws {
        let demo = try await Demo.start(["--mouse"])
        let console = demo.console
        defer { Task { await console.stop() } }
        // X10 mouse reports (byte - 32, 1-based): a left press at column 10, row 6 is the third table row.
        try await console.type("\u{1B}[M\u{20}\u{2A}\u{26}")
        try await console.waitFor("3/41")
        try await console.type("\u{1B}[M\u{61}\u{2A}\u{26}")  // wheel down: three rows
        let screen = try await console.waitFor("6/41")
        // y copies the selected email with OSC 52 (tmux keeps it in its paste buffer).
        try await console.allowClipboard()
        try await console.send("y")
        try await console.waitFor("(OSC 52)")
        let email = try #require(
            screen.split(separator: "\n").first { $0.contains("<") && $0.contains("@acme.example>") })
        let selected = email.split(separator: "<").last?.split(separator: ">").first.map(String.init)
        #expect(try await console.clipboard() == selected)
        try await demo.quit()
    }
}
