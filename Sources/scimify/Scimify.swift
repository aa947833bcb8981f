import ArgumentParser
import Console
import Foundation
import Logging

/// The `scimify` command: the SCIM bridge, the operator console and the scripting commands.
@main
struct Scimify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scimify",
        abstract: "Provision Claude organization members from an identity provider through the Admin API.",
        discussion: """
            Exit status: 0 success, 1 refused by a rule or by the API, 2 usage error, \
            3 upstream or authentication error.
            """,
        version: "scimify 0.1.0 (\(TerminalAdapter.libraryVersion))",
        subcommands: [
            Demo.self, ConsoleCommand.self, Simulate.self, Instances.self, Members.self, Invites.self,
            InviteCommand.self, SetRole.self, Remove.self,
            Refresh.self, Readiness.self, Problems.self, Audit.self, Serve.self, TestConnection.self, StoreCommand.self,
            Keys.self, Config.self, Requests.self,
        ]
    )

    /// Parses, runs, and maps failures to the documented exit statuses (usage errors are 2, not 64).
    static func main() async {
        umask(0o077)  // databases, key files and lock files are private to the operator
        // A shell asking for completions (instance slugs, problem ids read from the store) is answered by the
        // argument parser's own asynchronous entry point, which runs the custom completions.
        if CommandLine.arguments.dropFirst().first == "---completion" {
            await main(Array(CommandLine.arguments.dropFirst()))
            return
        }
        // A server's log is its operators' record (`serve --log-format json|logfmt` for a pipeline).
        let serving = CommandLine.arguments.dropFirst().first == "serve"
        let format = serving ? LogLineHandler.format(in: CommandLine.arguments) : .text
        LoggingSystem.bootstrap { label in
            let level = serveLogLevel(serving: serving)
            guard format == .text else { return LogLineHandler(label: label, format: format, logLevel: level) }
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let failure as CLIFailure {
            FailureReport.say(failure.message, status: failure.status.rawValue)
        } catch {
            let code = exitCode(for: error)
            // Help, --version and the silent exit statuses (NO-GO readiness, a failed check) speak for themselves.
            if code == .success || error is ExitCode || message(for: error).isEmpty {
                exit(withError: error)
            }
            if code == .validationFailure || error is ValidationError {
                FailureReport.say(
                    message(for: error), status: ExitStatus.usage.rawValue,
                    usage: fullMessage(for: error).split(separator: "\n").dropFirst().joined(separator: "\n"))
            }
            FailureReport.say(message(for: error), status: code.rawValue)
        }
    }
}

/// The log level: `SCIMIFY_LOG_LEVEL`, else info for `serve` (one line per SCIM request, changes not made,
/// retries, resumed intents) and errors only for the other commands, which speak on stdout and stderr.
func serveLogLevel(serving: Bool) -> Logger.Level {
    ProcessInfo.processInfo.environment["SCIMIFY_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        ?? (serving ? .info : .error)
}

/// Where every failure of a command is said, once and the same way: one sentence on stderr after
/// `scimify: error: `, with the usage for a usage error; with `--json` on the command line, one JSON object on
/// stderr instead (`{"error": ..., "exit": N, "request_id": ...}`, the upstream request-id when the sentence
/// names one), so stdout stays valid JSON lines or empty for the script reading it.
enum FailureReport {
    static func say(_ message: String, status: Int32, usage: String = "") -> Never {
        var sentence = message.trimmingCharacters(in: .whitespacesAndNewlines)
        for prefix in ["error: ", "Error: "] where sentence.hasPrefix(prefix) { sentence.removeFirst(prefix.count) }
        let text: String
        if CommandLine.arguments.contains("--json") {
            let requestID = sentence.firstMatch(of: /req_[A-Za-z0-9]+/).map { String($0.output) }
            text = OutputFormat.jsonLine(["error": sentence, "exit": Int(status), "request_id": requestID]) + "\n"
        } else {
            text = "scimify: error: \(sentence)\n" + (usage.isEmpty ? "" : usage + "\n")
        }
        FileHandle.standardError.write(Data(text.utf8))
        Foundation.exit(status)
    }
}

/// The documented exit statuses.
enum ExitStatus: Int32 {
    case ok = 0
    case refused = 1
    case usage = 2
    case upstream = 3
}

/// A failure the CLI reports as one sentence on stderr with a chosen exit status.
struct CLIFailure: Error {
    let message: String
    let status: ExitStatus
}
