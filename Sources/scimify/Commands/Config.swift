import ArgumentParser
import Console
import Foundation

extension Scimify {
    /// `scimify config check`: reads the console's config file and explains every error with its line.
    struct Config: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the console's config file (key bindings, colours, per-instance settings).",
            subcommands: [Check.self])

        struct Check: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Read the config file and list each error with its line (exit 1 when there are any).",
                discussion: """
                    The file is $XDG_CONFIG_HOME/scimify/config.toml (else ~/.config/scimify/config.toml). A console \
                    started with errors in it uses the standard keys and colours and says so.
                    """)
            @Option(help: "The file to check (default: the console's).") var file: String?
            @Flag(help: "List the actions [keys] can rebind, with their standard keys.") var actions = false
            @Flag(help: "Print the result as one JSON object.") var json = false

            func run() throws {
                if actions {
                    for binding in Keymap.standard.bindings {
                        print("\(binding.action.configName) = \(binding.keys.map(\.label)) · \(binding.help)")
                    }
                    return
                }
                let configFile =
                    file.map(ConsoleConfigFile.init(path:))
                    ?? .standard(environment: ProcessInfo.processInfo.environment)
                let exists = configFile.exists
                let (config, findings) = configFile.read()
                if json {
                    print(
                        OutputFormat.jsonLine([
                            "file": configFile.path, "exists": exists, "ok": findings.isEmpty,
                            "errors": findings.map { ["line": $0.line, "message": $0.message] as [String: Any?] },
                        ]))
                } else if !exists {
                    print("\(configFile.path): no config file; the console uses the standard keys and colours")
                } else if findings.isEmpty {
                    let rebound = zip(config.keymap.bindings, Keymap.standard.bindings).filter {
                        $0.keys != $1.keys
                    }.count
                    print(
                        "\(configFile.path): ok · \(rebound) action(s) rebound · \(config.readOnlyInstances.count) "
                            + "read-only instance(s) · default instance \(config.defaultInstance ?? "none")")
                } else {
                    for finding in findings {
                        print("\(configFile.path):\(finding.line.map { "\($0):" } ?? "") \(finding.message)")
                    }
                }
                if !findings.isEmpty { throw ExitCode(ExitStatus.refused.rawValue) }
            }
        }
    }
}
