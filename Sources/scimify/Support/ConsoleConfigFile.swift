import Console
import Foundation
import ScimifyCore
import TOMLKit

/// The operator's console config, `$XDG_CONFIG_HOME/scimify/config.toml` (else `~/.config/scimify/config.toml`):
/// key bindings, colours, per-instance read-only and header colour, the default instance. Read with TOMLKit
/// and checked whole; each finding names its line. `scimify config check` prints the findings; the console
/// starts on the standard settings when there are any and says so. A missing file is no config, not an error.
///
/// ```toml
/// default_instance = "acme-prod"
///
/// [keys]                  # action = key, or a list of keys (`scimify config check --actions`)
/// edit_role = "E"
/// quit = ["q", "Ctrl-C"]
///
/// [colors]                # ok warning error accent info = black red green yellow blue magenta cyan white
/// accent = "magenta"
///
/// [instances.acme-prod]
/// read_only = true
/// header_color = "red"    # red yellow green blue default
/// ```
struct ConsoleConfigFile {
    /// Something wrong in the file, at a line when it can be told.
    struct Finding: CustomStringConvertible, Equatable {
        var line: Int?
        var message: String
        var description: String { line.map { "line \($0): \(message)" } ?? message }
    }

    let path: String

    static func standard(environment: [String: String]) -> ConsoleConfigFile {
        let base =
            environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        return ConsoleConfigFile(path: base + "/scimify/config.toml")
    }

    var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// The config (standard when there is no file, or with `problems` when it has findings) and the findings.
    func read() -> (config: ConsoleConfig, findings: [Finding]) {
        guard exists else { return (ConsoleConfig(), []) }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            let finding = Finding(line: nil, message: "cannot read \(path) as UTF-8 text")
            var config = ConsoleConfig()
            config.problems = ["\(path): \(finding)"]
            return (config, [finding])
        }
        var (config, findings) = Self.parse(text)
        if !findings.isEmpty { config.problems = findings.map { "\(path): \($0)" } }
        return (config, findings)
    }

    /// Parses and checks a config file's text. With findings, the config returned is the standard one.
    static func parse(_ text: String) -> (ConsoleConfig, [Finding]) {
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            return (ConsoleConfig(), [Finding(line: error.source.begin.line, message: error.description)])
        } catch {
            return (ConsoleConfig(), [Finding(line: nil, message: "\(error)")])
        }
        var reader = Reader(lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        let config = reader.config(table)
        let findings = reader.findings.sorted { ($0.line ?? .max) < ($1.line ?? .max) }
        return findings.isEmpty ? (config, []) : (ConsoleConfig(), findings)
    }

    /// Walks the parsed table, collecting findings with their lines.
    private struct Reader {
        let lines: [String]
        var findings: [Finding] = []

        init(lines: [String]) { self.lines = lines }

        mutating func config(_ table: TOMLTable) -> ConsoleConfig {
            var config = ConsoleConfig()
            for key in table.keys {
                switch key {
                case "default_instance":
                    if let value = table[key]?.string {
                        config.defaultInstance = value
                    } else {
                        wrong(key, nil, "a string")
                    }
                case "keys":
                    guard let keys = table[key]?.table else {
                        wrong(key, nil, "a table: [keys]")
                        continue
                    }
                    config.keymap = keymap(keys)
                case "colors":
                    guard let colors = table[key]?.table else {
                        wrong(key, nil, "a table: [colors]")
                        continue
                    }
                    config.skin = skin(colors)
                case "instances":
                    guard let instances = table[key]?.table else {
                        wrong(key, nil, "a table of tables: [instances.SLUG]")
                        continue
                    }
                    readInstances(instances, into: &config)
                default:
                    note(
                        key, nil,
                        "unknown setting \(key) (known: default_instance, [keys], [colors], [instances.SLUG])")
                }
            }
            return config
        }

        private mutating func keymap(_ table: TOMLTable) -> Keymap {
            var overrides: [(action: String, keys: [String])] = []
            for action in table.keys {
                if let one = table[action]?.string {
                    overrides.append((action, [one]))
                } else if let list = table[action]?.array, list.allSatisfy({ $0.string != nil }) {
                    overrides.append((action, list.compactMap(\.string)))
                } else {
                    wrong(action, "keys", "a key name or a list of them, such as \"E\" or [\"E\", \"F2\"]")
                }
            }
            let (map, errors) = Keymap.standard.rebound(overrides)
            for error in errors { note(error.action, "keys", error.message) }
            return map
        }

        private mutating func skin(_ table: TOMLTable) -> ConsoleSkin {
            var skin = ConsoleSkin.standard
            let colors = ConsoleSkin.Color.allCases.map(\.rawValue).joined(separator: " ")
            for tone in table.keys {
                guard let name = table[tone]?.string, let color = ConsoleSkin.Color(rawValue: name.lowercased()) else {
                    wrong(tone, "colors", "one of \(colors)")
                    continue
                }
                if !skin.set(tone, to: color) {
                    note(
                        tone, "colors",
                        "unknown colour \(tone) (known: \(ConsoleSkin.toneNames.joined(separator: " ")))")
                }
            }
            return skin
        }

        private mutating func readInstances(_ table: TOMLTable, into config: inout ConsoleConfig) {
            for slug in table.keys {
                guard let settings = table[slug]?.table else {
                    wrong(slug, "instances", "a table: [instances.\(slug)]")
                    continue
                }
                let section = "instances.\(slug)"
                for key in settings.keys {
                    switch key {
                    case "read_only":
                        guard let value = settings[key]?.bool else {
                            wrong(key, section, "true or false")
                            continue
                        }
                        if value { config.readOnlyInstances.insert(slug) }
                    case "header_color":
                        let colors = Instance.HeaderColor.allCases.map(\.rawValue).joined(separator: " ")
                        guard let name = settings[key]?.string,
                            let color = Instance.HeaderColor(rawValue: name.lowercased())
                        else {
                            wrong(key, section, "one of \(colors)")
                            continue
                        }
                        config.headerColors[slug] = color
                    default:
                        note(key, section, "unknown instance setting \(key) (known: read_only, header_color)")
                    }
                }
            }
        }

        private mutating func wrong(_ key: String, _ section: String?, _ expected: String) {
            note(key, section, "\(section.map { "\($0)." } ?? "")\(key) must be \(expected)")
        }

        private mutating func note(_ key: String, _ section: String?, _ message: String) {
            findings.append(Finding(line: line(of: key, in: section), message: message))
        }

        /// The line of `key = ...` inside `[section]` (top level when `nil`), or of the `[section.key]` header.
        private func line(of key: String, in section: String?) -> Int? {
            var current: String?
            for (index, raw) in lines.enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix("[") {
                    let header = line.dropFirst().prefix { $0 != "]" }.replacingOccurrences(of: "\"", with: "")
                        .trimmingCharacters(in: .whitespaces)
                    if header == [section, key].compactMap({ $0 }).joined(separator: ".") { return index + 1 }
                    current = header
                    continue
                }
                guard current == section else { continue }
                let name = line.prefix { $0 != "=" }.trimmingCharacters(in: .whitespaces)
                    .replacingOccurrences(of: "\"", with: "")
                if line.contains("="), name == key { return index + 1 }
            }
            return nil
        }
    }
}
