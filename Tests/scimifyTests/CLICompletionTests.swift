import Foundation
import ScimifyCore
import ScimifyTestSupport
import Testing

/// Shell completions (issue 22, section 4): the scripts offer the four roles (never `admin`), the modes and
/// colours, and ask the binary for the instance slugs of the store the command line names.
@Suite struct CLICompletionValueTests {
    let cli = ScimifyProcess()

    @Test func theScriptsOfferRolesModesAndColours() async throws {
        for shell in ["bash", "zsh", "fish"] {
            let script = try await cli.run(["--generate-completion-script", shell])
            #expect(script.status == 0)
            if shell == "bash" {
                #expect(script.stdout.contains(#"'user'$'\n''developer'$'\n''billing'$'\n''claude_code_user'"#))
            }
            #expect(script.stdout.contains("claude_code_user") && !script.stdout.contains("'admin'"), "\(shell)")
            #expect(script.stdout.contains("dry-run") && script.stdout.contains("yellow"), "\(shell)")
            #expect(script.stdout.contains("---completion instances show"), "instances come from the binary")
        }
    }

    @Test func instanceSlugsComeFromTheStoreTheCommandLineNames() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            let slug = fixture.instance.slug
            let words = ["scimify", "instances", "show", "--db", fixture.path, ""]
            let offered = try await cli.run(
                ["---completion", "instances", "show", "--", "positional@0", "5", "0"] + words)
            #expect(offered.status == 0 && offered.lines == [slug], "\(offered.stdout) \(offered.stderr)")
            let prefixed = try await cli.run(
                ["---completion", "instances", "show", "--", "positional@0", "5", "2"]
                    + ["scimify", "instances", "show", "--db", fixture.path, "zz"])
            #expect(prefixed.lines.isEmpty, "a prefix narrows")
            let missing = try await cli.run(
                ["---completion", "instances", "show", "--", "positional@0", "5", "0"]
                    + ["scimify", "instances", "show", "--db", fixture.directory.file("none.sqlite"), ""])
            #expect(
                missing.lines.isEmpty && !FileManager.default.fileExists(atPath: fixture.directory.file("none.sqlite")))
        }
    }
}
