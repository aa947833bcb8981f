import Foundation

/// Runs the built `scimify` executable as a child process, as a user would from a shell.
public struct ScimifyProcess: Sendable {
    /// What a finished run printed and returned.
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String

        /// Non-empty stdout lines.
        public var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    /// The `scimify` binary beside the running test bundle (`.build/<config>/scimify`).
    public static var executableURL: URL {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return exe.deletingLastPathComponent().appendingPathComponent("scimify")
    }

    public init() {}

    /// Runs `scimify` with `arguments`, extra environment and optional standard input, and waits.
    /// - Parameters:
    ///   - arguments: the command line after `scimify`.
    ///   - environment: added to (or replacing) the test process's environment; `ANTHROPIC_ADMIN_KEY` is
    ///     removed unless given here.
    ///   - stdin: text fed to standard input (closed after it); `nil` gives an empty input.
    ///
    /// The blocking waits run on a dedicated thread, so an in-process simulator on the Swift concurrency pool
    /// keeps answering the child.
    public func run(_ arguments: [String], environment: [String: String] = [:], stdin: String? = nil) async throws
        -> Result
    {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Swift.Result { try runBlocking(arguments, environment: environment, stdin: stdin) })
            }
            thread.start()
        }
    }

    private func runBlocking(_ arguments: [String], environment: [String: String], stdin: String?) throws -> Result {
        let process = Process()
        process.executableURL = Self.executableURL
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["ANTHROPIC_ADMIN_KEY"] = nil
        env["SCIMIFY_LOG_LEVEL"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let output = Pipe()
        let errors = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }
}

extension ScimifyProcess {
    /// A `scimify` child started without waiting, so a test can kill it mid-change.
    public final class Running: @unchecked Sendable {  // Process is thread-safe for these calls
        let process: Process

        init(process: Process) { self.process = process }

        /// Sends SIGKILL: no cleanup, as in a crash or an OOM kill.
        public func kill() { Foundation.kill(process.processIdentifier, SIGKILL) }

        /// Waits for the exit on a dedicated thread and returns the status.
        public func wait() async -> Int32 {
            await withCheckedContinuation { continuation in
                Thread {
                    self.process.waitUntilExit()
                    continuation.resume(returning: self.process.terminationStatus)
                }.start()
            }
        }
    }

    /// Starts `scimify` with `arguments`; output is discarded.
    public func launch(_ arguments: [String], environment: [String: String] = [:]) throws -> Running {
        let process = Process()
        process.executableURL = Self.executableURL
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["ANTHROPIC_ADMIN_KEY"] = nil
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(process: process)
    }
}
