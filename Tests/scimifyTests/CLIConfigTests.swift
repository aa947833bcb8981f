import Foundation
import ScimifyTestSupport
import Testing

/// `scimify config check`: every error of the console's config file with its line, exit 1; a good file's
/// summary; `--json`; the actions `[keys]` can rebind.
@Suite struct CLIConfigTests {
    let cli = ScimifyProcess()

    func check(_ text: String, _ extra: [String] = []) async throws -> (ScimifyProcess.Result, String) {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("config.toml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return (try await cli.run(["config", "check", "--file", path] + extra), path)
    }

    @Test func everyErrorIsNamedWithItsLine() async throws {
        let (result, path) = try await check(
            """
            default_instance = "acme"

            [keys]
            edit_role = "E"
            remove_member = "E"
            bogus = "x"
            quit = ["q", "Hyper-1"]

            [colors]
            ok = "pink"
            sparkle = "red"

            [instances.acme]
            read_only = "yes"
            tint = "red"
            """)
        #expect(result.status == 1)
        #expect(
            result.lines == [
                "\(path):4: E is bound to both edit_role and remove_member",
                "\(path):6: unknown action bogus (see `scimify config check --actions`)",
                "\(path):7: unknown key \"Hyper-1\" for quit (a character, Ctrl-X, F1-F12, Enter, Esc, Tab, S-Tab, "
                    + "Space, Up, Down, Left, Right, PgUp, PgDn, Home, End, Bksp, Del)",
                "\(path):10: colors.ok must be one of black red green yellow blue magenta cyan white",
                "\(path):11: unknown colour sparkle (known: ok warning error accent info)",
                "\(path):14: instances.acme.read_only must be true or false",
                "\(path):15: unknown instance setting tint (known: read_only, header_color)",
            ], "\(result.stdout)")
    }

    @Test func aSyntaxErrorNamesItsLine() async throws {
        let (result, path) = try await check("[keys]\nedit_role = \"E\"\nquit = [\n")
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("\(path):3: Error while parsing array"), "\(result.stdout)")
    }

    @Test func aGoodFileIsSummarisedAndJSONParses() async throws {
        let text =
            "default_instance = \"acme\"\n[keys]\nedit_role = [\"E\", \"F2\"]\n[instances.acme]\nread_only = true\n"
        let (result, path) = try await check(text)
        #expect(result.status == 0)
        #expect(
            result.stdout == "\(path): ok · 1 action(s) rebound · 1 read-only instance(s) · default instance acme\n")
        let (json, _) = try await check("[colors]\naccent = 5\n", ["--json"])
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == false)
        let errors = try #require(object["errors"] as? [[String: Any]])
        #expect(errors.first?["line"] as? Int == 2, "\(json.stdout)")
    }

    @Test func theActionsAreListedWithTheirStandardKeys() async throws {
        let result = try await cli.run(["config", "check", "--actions"])
        #expect(result.status == 0)
        #expect(result.lines.contains { $0.hasPrefix("edit_role = [\"e\"]") }, "\(result.stdout)")
        #expect(result.lines.contains { $0.hasPrefix("view_audit = [\"4\"]") })
    }
}
