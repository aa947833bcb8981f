import ArgumentParser
import Console
import ConsoleBackend
import Foundation
import ScimifyCore
import ScimifyRuntime
import ScimifyStorage

extension Scimify {
    /// `scimify console`: the ncurses operator console on a stored instance.
    struct ConsoleCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "console",
            abstract:
                "Open the operator console: members, invites, problems, audit, readiness, instances and API keys.",
            discussion: """
                Seven views: 1 Members, 2 Invites, 3 Problems, 4 Audit, 5 Readiness, 6 Instances, 7 Keys (Tab \
                cycles). Keys: Up/Down or j/k move, / filter (Up/Down recall), : commands (Tab shows them), Enter \
                detail, J/K scroll it, e edit role, D remove member, X cancel invite, R re-invite, u undo a removal, U refresh \
                users, Space mark, ? help, q quit. Every change goes through the provisioning core, is confirmed \
                and is audited as console:<user>. Keys, colours and per-instance settings come from \
                $XDG_CONFIG_HOME/scimify/config.toml (scimify config check). Colours follow NO_COLOR and --no-color.
                """
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "Instance slug or name (default: the only one).", completion: ShellCompletions.instances)
        var instance: String?
        @Flag(help: "Disable every key that changes the organization or the store.") var readOnly = false
        @Flag(help: "No colours (attributes such as bold and reverse stay).") var noColor = false
        @Flag(help: "Enable the mouse: the wheel scrolls, a click selects (blocks the terminal's own selection).")
        var mouse = false
        @Option(help: "Seconds a change may wait in all for the Admin API's rate limit (shown in the status line).")
        var maxWait: Double = ConnectionOptions.defaultMaxWait

        func run() async throws {
            try requireTerminal()
            let board = RateLimitBoard()
            let settings = ConnectionOptions.consoleSettings(board: board, maxWait: maxWait)
            // The config file's default instance when none is named.
            let config = ConsoleConfigFile.standard(environment: ProcessInfo.processInfo.environment).read().config
            // A store with no instance yet opens on the add form instead of refusing.
            if instance == nil, config.defaultInstance == nil {
                let database = try await store.open()
                if try await storeFailures({ try await database.instances() }).isEmpty {
                    let backend = FirstInstanceConsoleBackend(
                        store: database, settings: settings, operatorName: cliUser, rateLimits: board)
                    await ConsoleRunner(
                        backend: backend,
                        options: consoleOptions(
                            readOnly: readOnly, noColor: noColor, mouse: mouse, config: config)
                    ).run()
                    return
                }
            }
            let context = try await store.instanceContext(instance ?? config.defaultInstance, settings: settings)
            try await runConsole(
                on: context, settings: settings, board: board, readOnly: readOnly, noColor: noColor, mouse: mouse,
                config: config)
        }
    }
}

/// Runs the console on a stored instance until the operator quits.
func runConsole(
    on context: InstanceContext, settings: ClientSettings, board: RateLimitBoard, readOnly: Bool, noColor: Bool,
    mouse: Bool, config: ConsoleConfig? = nil
) async throws {
    // The console shows the mirror: an instance that never had one is refreshed first (progress on stderr,
    // before the screen starts); a failure is said and the console opens on what the store has.
    let progress = RefreshProgressLine()
    do {
        if let report = try await context.runtime.refreshIfNeverRefreshed(
            actor: "console:\(cliUser)", progress: progress.callback)
        {
            progress.finish()
            FileHandle.standardError.write(Data((InstanceRuntime.firstRefreshLine(report) + "\n").utf8))
        }
    } catch {
        progress.finish()
        FileHandle.standardError.write(Data(("warning: " + context.runtime.firstRefreshFailure(error) + "\n").utf8))
    }
    let backend = StoreConsoleBackend(
        runtime: context.runtime, settings: settings, operatorName: cliUser, rateLimits: board)
    await ConsoleRunner(
        backend: backend, options: consoleOptions(readOnly: readOnly, noColor: noColor, mouse: mouse, config: config)
    )
    .run()
}

/// The console's options from the flags and the environment (`NO_COLOR` set and non-empty turns colour off).
/// `config` is the operator's config file, read once by the caller (the default reads it here).
func consoleOptions(readOnly: Bool, noColor: Bool, mouse: Bool, config: ConsoleConfig? = nil) -> ConsoleOptions {
    let environment = ProcessInfo.processInfo.environment
    let noColorVariable = !(environment["NO_COLOR"] ?? "").isEmpty
    return ConsoleOptions(
        readOnly: readOnly, colors: !noColor && !noColorVariable, mouse: mouse,
        memory: .standard(environment: environment),
        config: config ?? ConsoleConfigFile.standard(environment: environment).read().config)
}

/// Refuses to start the console without a terminal on stdin and stdout.
func requireTerminal() throws {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
        throw CLIFailure(
            message: "error: the console needs a terminal (stdin and stdout); for scripts use the other commands",
            status: .usage)
    }
}
