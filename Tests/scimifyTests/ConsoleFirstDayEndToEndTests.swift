import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyTestSupport
import Testing

/// The first day's console on `scimify demo`, in tmux (issue 22, sections 2 and 3): the help scrolls at
/// 80x24, a problem's remedy reads whole, the `:` history survives a restart, a key rebound in the config file
/// works, and the filter folds accents.
@Suite(.serialized, .timeLimit(.minutes(5))) struct ConsoleFirstDayEndToEndTests {
    /// A directory standing in for the operator's `$XDG_STATE_HOME` and `$XDG_CONFIG_HOME`.
    struct OperatorHome {
        let directory: TemporaryDirectory
        var environment: [String: String] {
            ["XDG_STATE_HOME": directory.file("state"), "XDG_CONFIG_HOME": directory.file("config"), "USER": "ops"]
        }

        init() throws { directory = try TemporaryDirectory() }

        func writeConfig(_ text: String) throws {
            let folder = directory.file("config/scimify")
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try text.write(toFile: folder + "/config.toml", atomically: true, encoding: .utf8)
        }
    }

    func demo(_ home: OperatorHome, width: Int = 120, height: Int = 30) async throws -> TmuxConsole {
        let port = try freeLoopbackPort()
        let console = try await TmuxConsole(
            ["demo", "--simulator-port", "\(port)"], width: width, height: height, environment: home.environment)
        try await console.waitFor(width < 100 ? "41 members · 10 invites" : "Members 41 · Invites 10")
        return console
    }

    func quit(_ console: TmuxConsole) async throws {
        try await console.send("Escape", "q")
        #expect(try await console.exitStatus() == 0)
        await console.stop()
    }

    @Test func at80x24TheHelpScrollsAndARemedyReadsWhole() async throws {
        let home = try OperatorHome()
        defer { home.directory.remove() }
        let console = try await demo(home, width: 80, height: 24)
        defer { Task { await console.stop() } }
        try await console.send("?")
        let help = try await console.waitFor("PgUp PgDn scroll · 1-")
        #expect(help.contains("j k g G") && !help.contains("q/Ctrl-C"), "\(help)")
        try await console.send("j")
        try await console.waitFor("scroll · 2-")
        try await console.send("G")
        try await console.waitFor("q/Ctrl-C")
        try await console.send("Escape")
        try await console.waitForAbsence("Keys: Members")

        try await console.send("3")
        try await console.waitFor("held removal")
        var text = try await console.screen()
        for _ in 0..<4 {
            try await console.send("J")
            try await Task.sleep(for: .milliseconds(150))
            text += "\n" + (try await console.screen())
        }
        let words = text.replacingOccurrences(of: "│", with: " ").split(whereSeparator: \.isWhitespace).joined(
            separator: " ")
        #expect(words.contains("from Claude now; dismiss (scimify problems dismiss"), "\(words)")
        #expect(words.contains("--reason TEXT) keeps the person"), "the remedy's end is there")
        try await quit(console)
    }

    @Test func theCommandHistoryRecallsTheLastCommandAfterARestart() async throws {
        let home = try OperatorHome()
        defer { home.directory.remove() }
        let first = try await demo(home)
        try await first.send(":")
        try await first.type("audit")
        try await first.send("Enter")
        try await first.waitFor("4 Audit")
        try await quit(first)

        let second = try await demo(home)
        defer { Task { await second.stop() } }
        try await second.send(":", "Up")
        try await second.waitFor(":audit")
        try await second.send("Enter")
        try await second.waitFor("ACTION")
        try await quit(second)
    }

    @Test func aKeyReboundInTheConfigFileWorks() async throws {
        let home = try OperatorHome()
        defer { home.directory.remove() }
        try home.writeConfig(
            """
            [keys]
            help = "H"
            view_audit = ["A", "4"]

            [instances.acme-demo]
            header_color = "red"
            """)
        let check = try await ScimifyProcess().run(["config", "check"], environment: home.environment)
        #expect(check.status == 0 && check.stdout.contains("ok · 2 action(s) rebound"), "\(check.stdout)")
        let console = try await demo(home)
        defer { Task { await console.stop() } }
        let footer = try await console.screen()
        #expect(footer.contains("H help"), "the footer shows the rebound key")
        try await console.send("?")
        try await Task.sleep(for: .milliseconds(300))
        #expect(!(try await console.screen()).contains("Keys: Members"), "? is no longer bound")
        try await console.send("H")
        try await console.waitFor("Keys: Members")
        try await console.send("Escape", "A")
        try await console.waitFor("ACTION")
        try await quit(console)
    }

    @Test func aBrokenConfigFileIsNamedAndTheConsoleStartsOnTheStandardKeys() async throws {
        let home = try OperatorHome()
        defer { home.directory.remove() }
        try home.writeConfig("[keys]\nedit_role = \"D\"\n")
        let check = try await ScimifyProcess().run(["config", "check"], environment: home.environment)
        #expect(check.status == 1)
        #expect(
            check.stdout.contains("config.toml:2: D is bound to both edit_role and remove_member"), "\(check.stdout)")
        let console = try await demo(home)
        defer { Task { await console.stop() } }
        try await console.waitFor("config file not applied")
        try await quit(console)
    }

    @Test func theFilterFoldsAccents() async throws {
        let home = try OperatorHome()
        defer { home.directory.remove() }
        let console = try await demo(home)
        defer { Task { await console.stop() } }
        try await console.send("/")
        try await console.type("chloe dubois")
        try await console.send("Enter")
        let screen = try await console.waitFor("filter: chloe dubois (1/41)")
        #expect(screen.contains("Chloé Dubois"), "\(screen)")
        try await console.send("/")
        try await console.type("bjorn nilsson")
        try await console.send("Enter")
        #expect(try await console.waitFor("filter: bjorn nilsson (1/41)").contains("Björn Nilsson"))
        try await quit(console)
    }
}

/// Settings changed from another shell reach an open console without a key (issue 22, section 3).
@Suite(.serialized, .timeLimit(.minutes(3))) struct ConsoleLiveSettingsTests {
    @Test func setColorAndSetModeReachAnOpenConsole() async throws {
        try await OneTruthWorld.run { world in
            let console = try await TmuxConsole(["console", "--db", world.fixture.path], environment: ["USER": "ops"])
            defer { Task { await console.stop() } }
            try await console.waitFor("Members 41")
            let first = try await console.screen(colors: true).split(separator: "\n").first.map(String.init) ?? ""
            #expect(try await world.run("instances", "set-color", "acme", "red").status == 0)
            #expect(try await world.run("instances", "set-mode", "acme", "dry-run").status == 0)
            try await console.waitFor("DRY-RUN", seconds: 3)
            let header = try await console.screen(colors: true).split(separator: "\n").first.map(String.init) ?? ""
            // Red is SGR 31 (or 41 reversed): the header's own escape, not a digit of its clock.
            #expect(
                header != first && header.contains(/\u{1B}\[([0-9]+;)*[34]1[;m]/),
                "the header is tinted red: \(header.debugDescription)")
            await console.stop()
            try await world.expectConsistent()
        }
    }
}

/// `scimify console` on a store with no instance opens the add form instead of exiting (issue 22, section 3).
@Suite(.serialized, .timeLimit(.minutes(3))) struct ConsoleFirstInstanceTests {
    @Test func anEmptyStoreOpensTheAddFormAndThenTheInstance() async throws {
        try await withSimulator { sim in
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let path = dir.file("scimify.sqlite")
            let console = try await TmuxConsole(["console", "--db", path], environment: ["USER": "ops"])
            defer { Task { await console.stop() } }
            try await console.waitFor("Add an instance")
            try await console.type("First Org")
            try await console.send("Tab")
            for _ in 0..<"https://api.anthropic.com".count { try await console.send("BSpace") }
            try await console.type(sim.baseURL)
            try await console.send("Tab")
            try await console.type(AdminAPISimulator.Configuration.defaultAdminKey)
            try await console.send("Enter")
            let notice = try await console.waitFor("Shown once", seconds: 30)
            #expect(notice.contains("Instance first-org added") && notice.contains("first refresh: 41 members"))
            #expect(!notice.contains(AdminAPISimulator.Configuration.defaultAdminKey), "the key is never shown")
            try await console.send("Enter")
            try await console.waitFor("First Org (first-org)")
            try await console.send("1")
            try await console.waitFor("Members 41")
            try await console.send("q")
            #expect(try await console.exitStatus() == 0)
            await console.stop()
            let store = try ScimifyDatabase(path: path, environment: [:])
            #expect(try store.instances().map(\.slug) == ["first-org"])
        }
    }
}
