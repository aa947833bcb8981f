import AdminAPISimulator
import Foundation
import ScimifyTestSupport
import Testing

/// The built `scimify` executable against a simulator: output, `--json` and exit statuses.
@Suite(.timeLimit(.minutes(5))) struct CLICommandTests {
    let cli = ScimifyProcess()
    let key = ["ANTHROPIC_ADMIN_KEY": AdminAPISimulator.Configuration.defaultAdminKey]

    private func json(_ line: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
    }

    @Test func testConnectionNamesTheOrganization() async throws {
        try await withSimulator { sim in
            let human = try await cli.run(["test-connection", "--api-base-url", sim.baseURL], environment: key)
            #expect(human.status == 0)
            #expect(human.stdout.contains("ok: connected to Acme Demo"))
            #expect(human.stdout.contains("request-id: req_"))
            let machine = try await cli.run(
                ["test-connection", "--api-base-url", sim.baseURL, "--json"], environment: key)
            #expect(try json(machine.stdout)["organization_name"] as? String == "Acme Demo")
        }
    }

    @Test func membersListAsTableAndJSONLines() async throws {
        try await withSimulator { sim in
            let table = try await cli.run(["members", "list", "--api-base-url", sim.baseURL], environment: key)
            #expect(table.status == 0)
            #expect(table.lines.first?.hasPrefix("EMAIL") == true)
            #expect(table.stdout.contains("admin (protected)"))
            #expect(table.lines.last == "41 members")
            // Columns align by display width: the ROLE column starts at the same column on every row.
            let li = try #require(table.lines.first { $0.contains("li.wei@") })
            let jane = try #require(table.lines.first { $0.contains("jane.smith@") })
            #expect(li.contains("李伟"))
            let header = try #require(table.lines.first)
            let addedColumn = DisplayColumn.of(header, before: "ADDED")
            #expect(addedColumn != nil)
            for line in [li, jane] {
                let date = try #require(line.range(of: #"20\d\d-\d\d-\d\d"#, options: .regularExpression))
                #expect(DisplayColumn.of(line, before: String(line[date])) == addedColumn, "\(line)")
            }
            let lines = try await cli.run(
                ["members", "list", "--api-base-url", sim.baseURL, "--json"], environment: key)
            #expect(lines.lines.count == 41)
            let first = try json(lines.lines[0])
            #expect(first["type"] as? String == "member")
            #expect(first["email"] != nil && first["role"] != nil && first["added_at"] != nil)
        }
    }

    @Test func invitesListFiltersByStatus() async throws {
        try await withSimulator { sim in
            let pending = try await cli.run(
                ["invites", "list", "--status", "pending", "--json", "--api-base-url", sim.baseURL], environment: key)
            #expect(pending.status == 0)
            #expect(pending.lines.count == 9)
            for line in pending.lines { #expect(try json(line)["status"] as? String == "pending") }
            let expired = try await cli.run(
                ["invites", "list", "--status", "expired", "--api-base-url", sim.baseURL], environment: key)
            #expect(expired.lines.last == "2 invites")
            let table = try await cli.run(["invites", "list", "--api-base-url", sim.baseURL], environment: key)
            #expect(table.stdout.contains("(!)"))  // expiring within 72 hours, marked without colour
            let bad = try await cli.run(
                ["invites", "list", "--status", "deleted", "--api-base-url", sim.baseURL], environment: key)
            #expect(bad.status == 2)
        }
    }

    @Test func inviteSetRoleAndRemoveThroughTheProvisioner() async throws {
        try await withSimulator { sim in
            let url = ["--api-base-url", sim.baseURL]
            let invited = try await cli.run(
                ["invite", "cli.user@acme.example", "--role", "developer", "--json"] + url, environment: key)
            #expect(invited.status == 0)
            let outcome = try json(invited.stdout)
            #expect(outcome["outcome"] as? String == "invited")
            #expect((outcome["request_ids"] as? [String])?.count == 1)
            let again = try await cli.run(["invite", "CLI.USER@acme.example"] + url, environment: key)
            #expect(again.stdout.contains("already has a pending invite"))
            // A pending invite's role change is a cancel and a new invite: with no store there is no journal to
            // finish it after a crash, so the explicit form refuses it before any write and names the way.
            let applied = await sim.simulator.traffic.appliedWrites.count
            for command in [
                ["set-role", "cli.user@acme.example", "billing"],
                ["invite", "cli.user@acme.example", "--role", "billing"],
            ] {
                let changed = try await cli.run(command + url, environment: key)
                #expect(changed.status == 1, "\(command)")
                #expect(changed.stderr.contains("keeps no journal") && changed.stderr.contains("scimify instances add"))
            }
            #expect(await sim.simulator.traffic.appliedWrites.count == applied, "nothing was changed")
            #expect(
                await sim.simulator.organization.pendingInvites(email: "cli.user@acme.example").map(\.role) == [
                    "developer"
                ])
            let member = try await cli.run(
                ["set-role", "jane.smith@acme.example", "claude_code_user"] + url, environment: key)
            #expect(member.stdout.contains("changed jane.smith@acme.example from user to claude_code_user"))
            let removed = try await cli.run(["remove", "cli.user@acme.example", "--yes"] + url, environment: key)
            #expect(removed.stdout.contains("cancelled the pending invite"))
            #expect(await sim.simulator.organization.pendingInvites(email: "cli.user@acme.example").isEmpty)
        }
    }

    @Test func removeAsksAndOnlyYesProceeds() async throws {
        try await withSimulator { sim in
            let url = ["--api-base-url", sim.baseURL]
            let declined = try await cli.run(
                ["remove", "emma.johnson@acme.example"] + url, environment: key, stdin: "\n")
            #expect(declined.status == 1)
            #expect(declined.stderr.contains("Remove member \"emma.johnson@acme.example\" (Emma Johnson"))
            #expect(declined.stderr.contains("nothing was changed"))
            #expect(await sim.simulator.organization.member(email: "emma.johnson@acme.example") != nil)
            let noInput = try await cli.run(["remove", "emma.johnson@acme.example"] + url, environment: key)
            #expect(noInput.status == 1)
            let confirmed = try await cli.run(
                ["remove", "emma.johnson@acme.example"] + url, environment: key, stdin: "y\n")
            #expect(confirmed.status == 0)
            #expect(await sim.simulator.organization.member(email: "emma.johnson@acme.example") == nil)
        }
    }

    @Test(arguments: [
        ["invite", "x@acme.example", "--role", "admin"], ["set-role", "jane.smith@acme.example", "admin"],
        ["invite", "x@acme.example", "--role", "ADMIN"],
    ])
    func adminIsRefusedOnEveryCommandWithExitOne(_ arguments: [String]) async throws {
        try await withSimulator { sim in
            let result = try await cli.run(arguments + ["--api-base-url", sim.baseURL], environment: key)
            #expect(result.status == 1)
            #expect(
                result.stderr.contains("admin cannot be assigned through Scimify; create admins directly in Claude"))
            #expect(await sim.simulator.traffic.writeCount() == 0)
        }
    }

    @Test func refusalsUpstreamErrorsAndUsageErrorsHaveTheirStatuses() async throws {
        try await withSimulator(.init(mode: .jit)) { sim in
            let url = ["--api-base-url", sim.baseURL]
            let unknownRole = try await cli.run(
                ["invite", "x@acme.example", "--role", "owner"] + url, environment: key)
            #expect(unknownRole.status == 1)
            #expect(unknownRole.stderr.contains("valid roles are user, developer, billing, claude_code_user"))
            let protected = try await cli.run(["remove", SimulatorSeed.adminEmail, "--yes"] + url, environment: key)
            #expect(protected.status == 1)
            let jit = try await cli.run(["invite", "new.person@acme.example"] + url, environment: key)
            #expect(jit.status == 1)
            #expect(jit.stderr.contains("Invite only") && jit.stderr.contains("request-id: req_"))
            let wrongKey = try await cli.run(
                ["members", "list"] + url, environment: ["ANTHROPIC_ADMIN_KEY": "sk-ant-admin01-WRONGKEY"])
            #expect(wrongKey.status == 3)
            #expect(wrongKey.stderr.contains("HTTP 401") && wrongKey.stderr.contains("request-id"))
            #expect(!wrongKey.stderr.contains("WRONGKEY"))
            let noKey = try await cli.run(["members", "list"] + url)
            #expect(noKey.status == 2)
            #expect(noKey.stderr.contains("ANTHROPIC_ADMIN_KEY"))
            let badFlag = try await cli.run(["members", "list", "--bogus"])
            #expect(badFlag.status == 2)
            let badURL = try await cli.run(["members", "list", "--api-base-url", "ftp://x"], environment: key)
            #expect(badURL.status == 2)
        }
    }

    @Test func keyFileIsReadAndAWorldReadableOneIsWarnedAbout() async throws {
        try await withSimulator { sim in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("scimify-key-\(UUID().uuidString)")
                .path
            defer { try? FileManager.default.removeItem(atPath: path) }
            _ = FileManager.default.createFile(
                atPath: path, contents: Data((AdminAPISimulator.Configuration.defaultAdminKey + "\n").utf8),
                attributes: [.posixPermissions: 0o644])
            let loose = try await cli.run(["test-connection", "--admin-key-file", path, "--api-base-url", sim.baseURL])
            #expect(loose.status == 0)
            #expect(loose.stderr.contains("chmod 600"))
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            let tight = try await cli.run(["test-connection", "--admin-key-file", path, "--api-base-url", sim.baseURL])
            #expect(tight.status == 0)
            #expect(tight.stderr.isEmpty)
        }
    }
}

/// The display column at which `marker` starts in `line` (wide characters count two).
enum DisplayColumn {
    static func of(_ line: String, before marker: String) -> Int? {
        guard let range = line.range(of: marker) else { return nil }
        return line[..<range.lowerBound].unicodeScalars.reduce(0) { width, scalar in
            width
                + ((0x1100...0x115F).contains(scalar.value) || (0x2E80...0xD7A3).contains(scalar.value)
                    || (0x1F300...0x1FAFF).contains(scalar.value) ? 2 : 1)
        }
    }
}

/// The CLI under a per-minute limiter that answers `retry-after` past the retry budget: it waits (one line
/// on stderr when stderr is not a terminal) instead of failing at once, and says which option caps the wait.
@Suite(.timeLimit(.minutes(5))) struct CLIRateLimitTests {
    let cli = ScimifyProcess()
    let key = ["ANTHROPIC_ADMIN_KEY": AdminAPISimulator.Configuration.defaultAdminKey]

    @Test func aCommandRightAfterABurstWaitsForTheLimitAndSaysSo() async throws {
        try await withSimulator(.init(seed: .demo, limits: .init(requestsPerWindow: 1, windowSeconds: 20))) { sim in
            let first = try await cli.run(["test-connection", "--api-base-url", sim.baseURL], environment: key)
            #expect(first.status == 0, "\(first.stderr)")
            // The limiter asks for up to 20 s (a window a loaded machine cannot outlast between two commands): a 1 s
            // cap gives up at once and names the option.
            let capped = try await cli.run(
                ["test-connection", "--api-base-url", sim.baseURL, "--max-wait", "1"], environment: key)
            #expect(capped.status != 0)
            #expect(capped.stderr.contains("(--max-wait)"), "\(capped.stderr)")
            let second = try await cli.run(["test-connection", "--api-base-url", sim.baseURL], environment: key)
            #expect(second.status == 0, "\(second.stderr)")
            let waiting = second.stderr.split(separator: "\n").filter { $0.contains("rate limited by the Admin API") }
            #expect(waiting.count == 1, "\(second.stderr)")
            #expect(waiting.first?.contains("request-id req_") == true && waiting.first?.contains("waiting") == true)
            #expect(!second.stderr.contains(AdminAPISimulator.Configuration.defaultAdminKey))
            #expect(capped.stderr.contains("(--max-wait)"), "\(capped.stderr)")
        }
    }
}

/// Shell completions from swift-argument-parser name the commands and their options.
@Suite struct CLICompletionTests {
    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsNameTheCommands(_ shell: String) async throws {
        let script = try await ScimifyProcess().run(["--generate-completion-script", shell])
        #expect(script.status == 0)
        for word in ["scimify", "problems", "set-guard", "max-wait", "metrics-token-file"] {
            #expect(script.stdout.contains(word), "\(shell) completion lacks \(word)")
        }
    }
}

/// `--json` lines are written directly (not through JSONSerialization): every string survives a real JSON
/// parser, whatever it holds.
@Suite(.timeLimit(.minutes(3))) struct CLIJSONOutputTests {
    @Test func hostileNamesRoundTripThroughTheJSONLines() async throws {
        try await withSimulator { sim in
            let name = "Q\"uote \\ back\nnew\tline \u{1B}[31m\u{07} 山田 🎉 </script>"
            await sim.simulator.organization.addMember(
                email: "hostile@acme.example", name: name, role: "user", addedAt: Date())
            let listed = try await ScimifyProcess().run(
                ["members", "list", "--json", "--api-base-url", sim.baseURL],
                environment: ["ANTHROPIC_ADMIN_KEY": AdminAPISimulator.Configuration.defaultAdminKey])
            #expect(listed.status == 0)
            let objects = try listed.lines.map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            let hostile = try #require(objects.first { $0["email"] as? String == "hostile@acme.example" })
            #expect(hostile["name"] as? String == name)
            #expect(hostile["protected"] as? Bool == false && hostile["type"] as? String == "member")
            #expect(listed.lines.allSatisfy { !$0.contains("\n") && !$0.contains("\u{1B}") })
        }
    }
}

/// `man/scimify.1` (made by `scripts/manual.sh` with swift-argument-parser's generate-manual plugin) names
/// every command and long option the CLI has now: a command or option added without regenerating fails here.
@Suite struct ManualPageTests {
    /// The page has the sections an operator looks for, and the console's keys survive it (the generator drops
    /// characters such as arrows, so the help texts say Up/Down).
    @Test func theManualHasItsSectionsAndTheConsoleKeysInWords() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let manual = try String(contentsOf: root.appendingPathComponent("man/scimify.1"), encoding: .utf8)
        for section in [".Sh ENVIRONMENT", ".Sh FILES", ".Sh \"EXIT STATUS\""] {
            #expect(manual.contains(section), "\(section)")
        }
        #expect(manual.contains("Seven views: 1 Members") && manual.contains("Up/Down or j/k move"))
        #expect(!manual.contains("Keys: /jk") && !manual.contains("( recall)"), "no lost characters")
        #expect(manual.contains("Usage error: an unknown option, command, instance or id"))
    }

    @Test func theManualNamesEveryCommandAndOption() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let manual = try String(contentsOf: root.appendingPathComponent("man/scimify.1"), encoding: .utf8)
        let fish = try await ScimifyProcess().run(["--generate-completion-script", "fish"])
        #expect(fish.status == 0)
        func quoted(after marker: String, in line: String) -> String? {
            guard let start = line.range(of: marker + " '") else { return nil }
            let rest = line[start.upperBound...]
            return rest.firstIndex(of: "'").map { String(rest[..<$0]) }
        }
        var commands = Set<String>()
        var options = Set<String>()
        for line in fish.lines where line.hasPrefix("complete -c 'scimify'") {
            if let command = quoted(after: "-fa", in: line), !command.contains(" ") { commands.insert(command) }
            if let option = quoted(after: "-l", in: line), option != "help" { options.insert(option) }
        }
        #expect(commands.count > 10 && options.count > 10, "the completion script was not understood")
        for command in commands.sorted() {
            #expect(
                manual.contains("Em \(command)"), "man/scimify.1 lacks the command \(command): run scripts/manual.sh")
        }
        for option in options.sorted() {
            // `Fl -name`, or `Fl n , -name` for an option with a short name too.
            #expect(
                manual.contains("Fl -\(option)") || manual.contains(" , -\(option)"),
                "man/scimify.1 lacks --\(option): run scripts/manual.sh")
        }
    }
}
