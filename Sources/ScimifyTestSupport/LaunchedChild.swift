import Foundation

/// A long-running `scimify` child (a server, the headless demo) whose standard output is collected by a
/// dedicated thread, so tests wait for text with `Task.sleep` polling and never block a Swift concurrency
/// thread in a pipe read (on a 2-core machine two such reads starve the in-process simulator).
public final class LaunchedChild: @unchecked Sendable {  // Process is thread-safe for these calls; output is locked
    private let process: Process
    private let collected = LockedBox("")

    /// Starts `scimify` with `arguments`; stderr is discarded (or, with `withStandardError`, collected with
    /// stdout: a server's log), stdin is empty.
    public init(_ arguments: [String], environment: [String: String] = [:], withStandardError: Bool = false) throws {
        let process = Process()
        process.executableURL = ScimifyProcess.executableURL
        process.arguments = arguments
        process.environment = ScimifyProcess.childEnvironment(environment)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = withStandardError ? output : FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        self.process = process
        let reader = output.fileHandleForReading
        let collected = collected
        Thread {
            while true {
                let chunk = reader.availableData  // blocks this thread only; empty at end of file
                if chunk.isEmpty { return }
                collected.mutate { $0 += String(decoding: chunk, as: UTF8.self) }
            }
        }.start()
    }

    /// Everything the child printed so far.
    public var output: String { collected.value }

    public var processIdentifier: Int32 { process.processIdentifier }

    /// Waits until the output contains `text`; fails with the output so far after `seconds`.
    @discardableResult
    public func waitForOutput(containing text: String, seconds: Double = 60) async throws -> String {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            let current = output
            if current.contains(text) { return current }
            if !process.isRunning, !output.contains(text) { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw ChildTimeout(waitingFor: text, output: output)
    }

    /// Sends `signal` to the child.
    public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the exit on a dedicated thread and returns the status.
    public func exitStatus() async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread {
                self.process.waitUntilExit()
                continuation.resume(returning: self.process.terminationStatus)
            }.start()
        }
    }

    deinit { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
}

/// A child never printed what a test waited for.
public struct ChildTimeout: Error, CustomStringConvertible {
    public let waitingFor: String
    public let output: String
    public var description: String { "the child never printed \(waitingFor.debugDescription); it printed:\n\(output)" }
}

extension LaunchedChild {
    /// `scimify serve --port 0` on the store file `path` (log collected with stdout), once it listens, with
    /// the port it bound.
    public static func serve(
        path: String, _ arguments: [String] = [], environment: [String: String] = ["USER": "ops"]
    ) async throws -> (child: LaunchedChild, port: Int) {
        let child = try LaunchedChild(
            ["serve", "--db", path, "--port", "0"] + arguments, environment: environment, withStandardError: true)
        let text = try await child.waitForOutput(containing: "SCIM server listening on")
        guard
            let port = text.split(separator: "\n").first(where: { $0.contains("SCIM server listening on") }).flatMap({
                Int($0.split(separator: ":").last ?? "")
            })
        else {
            child.send(SIGKILL)
            throw ServeDidNotListen(output: text)
        }
        return (child, port)
    }

    /// `serve` printed no port it listens on.
    public struct ServeDidNotListen: Error, CustomStringConvertible {
        public let output: String
        public var description: String { "scimify serve printed no port: \(output)" }
    }
}
