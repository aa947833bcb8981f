import Foundation
import ScimifyTestSupport
import Testing

/// `scimify demo --headless` as a script runs it: it comes up with no key or configuration, other commands
/// work on its store, and Ctrl-C stops it and deletes the throwaway store.
@Suite(.timeLimit(.minutes(3))) struct CLIDemoTests {
    @Test func headlessDemoRunsAndCleansUpOnSIGINT() async throws {
        let child = try LaunchedChild(["demo", "--headless"])
        let text = try await child.waitForOutput(containing: "Ctrl-C stops the demo")
        #expect(text.contains("41 members, 9 pending invites"))
        let dbPath = try #require(
            text.components(separatedBy: "--db ").dropFirst().first?
                .split(whereSeparator: { $0 == " " || $0 == "\n" }).first.map(String.init)
        )
        let listed = try await ScimifyProcess().run(["members", "list", "--db", dbPath, "--json"])
        #expect(listed.status == 0)
        #expect(listed.lines.count == 41)
        child.send(SIGINT)
        #expect(await child.exitStatus() == 0)
        #expect(!FileManager.default.fileExists(atPath: dbPath))
    }
}
