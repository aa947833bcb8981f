import Foundation
import ScimifyTestSupport
import Testing

/// `scimify demo` as a new user runs it: it comes up with no key or configuration, other commands work on
/// its store, and Ctrl-C stops it and deletes the throwaway store.
@Suite struct CLIDemoTests {
    @Test func demoRunsAndCleansUpOnSIGINT() async throws {
        let process = Process()
        process.executableURL = ScimifyProcess.executableURL
        process.arguments = ["demo"]
        var environment = ProcessInfo.processInfo.environment
        environment["ANTHROPIC_ADMIN_KEY"] = nil
        environment["SCIMIFY_DB"] = nil
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while !text.contains("Ctrl-C stops the demo"), Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
            text += String(decoding: chunk, as: UTF8.self)
        }
        #expect(text.contains("41 members, 9 pending invites"))
        let dbPath = try #require(text.components(separatedBy: "--db ").dropFirst().first?.split(whereSeparator: { $0 == " " || $0 == "\n" }).first.map(String.init))
        let listed = try await ScimifyProcess().run(["members", "list", "--db", dbPath, "--json"])
        #expect(listed.status == 0)
        #expect(listed.lines.count == 41)
        kill(process.processIdentifier, SIGINT)
        let exited = await withCheckedContinuation { continuation in
            Thread {
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }.start()
        }
        #expect(exited == 0)
        #expect(!FileManager.default.fileExists(atPath: dbPath))
    }
}
