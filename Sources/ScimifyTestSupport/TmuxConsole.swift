import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The real `scimify` console in a private tmux server: keys go in with `send-keys`, the screen comes back
/// with `capture-pane`, exactly as an operator's terminal would show it. Every tmux call runs on its own
/// thread; waits poll with `Task.sleep`.
public final class TmuxConsole: Sendable {
    public let socket: String
    private static let tmuxPath = ["/usr/bin/tmux", "/bin/tmux", "/usr/local/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Starts `scimify arguments` in a `width`x`height` pane with a UTF-8 locale.
    public init(_ arguments: [String], width: Int = 120, height: Int = 30, environment: [String: String] = [:])
        async throws
    {
        guard Self.tmuxPath != nil else {
            throw TmuxError(message: "tmux is not installed (apt-get install tmux); .ci/run installs it")
        }
        socket = "scimify-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        // The operator's own histories and config file stay out of the tests: each console gets empty ones,
        // unless the test passes its own (a restart that must remember).
        let home = NSTemporaryDirectory() + socket
        var env = [
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "tmux-256color", "ESCDELAY": "25",
            "SWIFT_BACKTRACE": "interactive=no", "SCIMIFY_DB": "", "ANTHROPIC_ADMIN_KEY": "", "NO_COLOR": "",
            "XDG_STATE_HOME": home + "/state", "XDG_CONFIG_HOME": home + "/config",
        ]
        for (key, value) in environment { env[key] = value }
        let assignments = env.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quoted($0.value))" }.joined(
            separator: " ")
        // The shell survives Ctrl-C (its trap; the program gets the default disposition), prints the exit status after the terminal is restored (tmux's pane_dead_status is not
        // reliable here), and `stty -a` shows the terminal modes the program left behind.
        let program =
            "env \(assignments) \(Self.quoted(ScimifyProcess.executableURL.path)) "
            + arguments.map(Self.quoted).joined(separator: " ")
        let command =
            "sh -c "
            + Self.quoted(
                "trap : INT; \(program); echo \"scimify exited with status $?\"; echo \"tty modes: $(stty -a | grep -oE -- '-?(icanon|echo|icrnl) ' | tr -d '\\n')\"; sleep 600"
            )
        // The server daemon would inherit captured pipes and hold them open: start it without them.
        let started = try await ScimifyProcess.runTool(
            Self.tmuxPath!,
            [
                "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "app", "-x", "\(width)", "-y", "\(height)",
                command,
            ],
            captureOutput: false)
        if started.status != 0 { throw TmuxError(message: "tmux new-session failed with status \(started.status)") }
        TmuxServerRegistry.started(socket)
    }

    /// The pane's text (`colors`: with SGR escape codes).
    public func screen(colors: Bool = false) async throws -> String {
        try await tmux(["capture-pane", "-p"] + (colors ? ["-e"] : []) + ["-t", "app"]).stdout
    }

    /// Sends tmux key names (`j`, `Enter`, `Escape`, `Down`, `BTab`, `C-c`).
    public func send(_ keys: String...) async throws {
        for key in keys { try await tmux(["send-keys", "-t", "app", key]) }
    }

    /// Types `text` literally.
    public func type(_ text: String) async throws {
        try await tmux(["send-keys", "-t", "app", "-l", text])
    }

    public func resize(width: Int, height: Int) async throws {
        try await tmux(["resize-window", "-t", "app", "-x", "\(width)", "-y", "\(height)"])
    }

    /// What the program last put on the clipboard with OSC 52 (tmux's paste buffer, `set-clipboard on`).
    public func clipboard() async throws -> String {
        try await tmux(["show-buffer"]).stdout
    }

    /// Lets the program set tmux's clipboard with OSC 52.
    public func allowClipboard() async throws {
        try await tmux(["set-option", "-s", "set-clipboard", "on"])
    }

    /// Waits until the screen contains `text`; throws with the screen after `seconds`.
    @discardableResult
    public func waitFor(_ text: String, seconds: Double = 20) async throws -> String {
        try await settled(poll(seconds, "the screen never showed \(text.debugDescription)") { $0.contains(text) })
    }

    /// Waits until the screen no longer contains `text`.
    public func waitForAbsence(_ text: String, seconds: Double = 20) async throws {
        _ = try await poll(seconds, "the screen still shows \(text.debugDescription)") { !$0.contains(text) }
    }

    /// The pane's title (a program that executed an OSC 0/2 sequence would have changed it).
    public func paneTitle() async throws -> String {
        try await tmux(["display", "-p", "-t", "app", "#{pane_title}"]).stdout.trimmingCharacters(
            in: .whitespacesAndNewlines)
    }

    /// Captures every 50 ms until `accept` holds; throws `failure` with the last screen after `seconds`.
    private func poll(_ seconds: Double, _ failure: String, until accept: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        var last = ""
        while ContinuousClock.now < deadline {
            last = (try? await screen()) ?? last  // the tmux server may still be starting
            if accept(last) { return last }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TmuxError(message: "\(failure); it shows:\n\(last)")
    }

    /// The screen once two captures 60 ms apart agree: a match may come from a frame still being drawn.
    private func settled(_ first: String) async throws -> String {
        var previous = first
        for _ in 0..<20 {
            try await Task.sleep(for: .milliseconds(60))
            let current = try await screen()
            if current == previous { return current }
            previous = current
        }
        return previous
    }

    /// Waits for the program to exit and returns its status.
    public func exitStatus(seconds: Double = 30) async throws -> Int {
        let screen = try await waitFor("scimify exited with status ", seconds: seconds)
        let tail = screen.components(separatedBy: "scimify exited with status ").last ?? ""
        guard let status = Int(tail.prefix { $0.isNumber }) else {
            throw TmuxError(message: "no exit status in:\n\(screen)")
        }
        return status
    }

    /// The terminal modes after the program ended (`stty -a`), to check that it restored the terminal.
    public func terminalModesAfterExit() async throws -> String {
        try await waitFor("tty modes: ", seconds: 10)
    }

    /// Stops the tmux server (and with it the program, if still running).
    public func stop() async {
        _ = try? await ScimifyProcess.runTool(Self.tmuxPath ?? "/usr/bin/tmux", ["-L", socket, "kill-server"])
        TmuxServerRegistry.stopped(socket)
        try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + socket)
    }

    @discardableResult
    private func tmux(_ arguments: [String]) async throws -> ScimifyProcess.Result {
        let result = try await ScimifyProcess.runTool(Self.tmuxPath ?? "/usr/bin/tmux", ["-L", socket] + arguments)
        if result.status != 0 { throw TmuxError(message: "tmux \(arguments.first ?? "") failed: \(result.stderr)") }
        return result
    }

    private static func quoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

/// A tmux step failed or the screen never showed what a test waited for.
public struct TmuxError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// A loopback TCP port that was free a moment ago (for a child process to listen on).
public func freeLoopbackPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw TmuxError(message: "socket() failed") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) }
    }
    guard bound == 0 else { throw TmuxError(message: "bind() failed") }
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
    }
    guard named == 0 else { throw TmuxError(message: "getsockname() failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}
