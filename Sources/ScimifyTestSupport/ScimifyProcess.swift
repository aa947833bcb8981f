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
                continuation.resume(
                    with: Swift.Result { try runBlocking(arguments, environment: environment, stdin: stdin) })
            }
            thread.start()
        }
    }

    /// The test process's environment without the variables that would point a child at a real key,
    /// database or log level, plus `extra`.
    public static func childEnvironment(_ extra: [String: String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["ANTHROPIC_ADMIN_KEY", "SCIMIFY_LOG_LEVEL", "SCIMIFY_DB"] { environment[name] = nil }
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Runs another program (such as `tmux`) the same way: blocking waits on a dedicated thread.
    /// - Parameter captureOutput: `false` for a program that leaves a daemon behind (`tmux new-session`),
    ///   which would hold captured pipes open forever.
    public static func runTool(_ path: String, _ arguments: [String], captureOutput: Bool = true) async throws -> Result
    {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(
                    with: Swift.Result {
                        if captureOutput {
                            return try runBlocking(URL(fileURLWithPath: path), arguments, environment: [:], stdin: nil)
                        }
                        return Result(status: try spawnDetached(path, arguments), stdout: "", stderr: "")
                    })
            }.start()
        }
    }

    /// posix_spawn with /dev/null for stdin, stdout and stderr, then waitpid: a daemon the program leaves
    /// behind holds no pipe of ours.
    private static func spawnDetached(_ path: String, _ arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] {
            posix_spawn_file_actions_addopen(
                &actions, descriptor, "/dev/null", descriptor == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        // Nothing else is inherited: a daemon holding another child's pipe would keep that child's reader
        // from ever seeing end of file.
        typealias CloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32
        if let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") {
            _ = unsafeBitCast(symbol, to: CloseFrom.self)(&actions, 3)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        // Default signal dispositions in the child: the test process ignores SIGTERM and SIGINT once a service
        // group has installed its handlers, and an ignored SIGTERM is inherited, so a tmux server started from
        // here could never be stopped (`kill-server` is tmux sending itself SIGTERM) and outlived the tests.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE] { sigaddset(&defaults, signal) }
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, path, &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno == EINTR { continue }
            return 0  // reaped elsewhere; the caller checks the effect (the tmux session) instead
        }
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    private func runBlocking(_ arguments: [String], environment: [String: String], stdin: String?) throws -> Result {
        try Self.runBlocking(Self.executableURL, arguments, environment: environment, stdin: stdin)
    }

    private static func runBlocking(
        _ executable: URL, _ arguments: [String], environment: [String: String], stdin: String?
    ) throws
        -> Result
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = Self.childEnvironment(environment)
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
        process.environment = Self.childEnvironment(environment)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return Running(process: process)
    }
}
