import ArgumentParser
import Foundation
import Logging

/// `serve --log-format json|logfmt`: one line per log event on stderr, machine-readable for a log pipeline
/// (time, level, label, message, then the metadata sorted by key). `text`, the default, is swift-log's stream
/// handler. Values are the metadata's own text: the SCIM request line already bounds and neutralises them.
struct LogLineHandler: LogHandler {
    enum Format: String, CaseIterable {
        case text, json, logfmt
    }

    let label: String
    let format: Format
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// The format `serve` was asked for on its command line (the logging system starts before parsing).
    static func format(in arguments: [String]) -> Format {
        for (index, argument) in arguments.enumerated() {
            if argument.hasPrefix("--log-format=") { return Format(rawValue: String(argument.dropFirst(13))) ?? .text }
            if argument == "--log-format", index + 1 < arguments.count {
                return Format(rawValue: arguments[index + 1]) ?? .text
            }
        }
        return .text
    }

    func log(event: LogEvent) {
        var fields: [(String, String)] = [
            ("time", ISO8601DateFormatter().string(from: Date())), ("level", "\(event.level)"), ("label", label),
            ("message", "\(event.message)"),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        fields += merged.keys.sorted().map { ($0, "\(merged[$0]!)") }
        let line = format == .json ? Self.json(fields) : Self.logfmt(fields)
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    static func json(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\(quoted($0.0)):\(quoted($0.1))" }.joined(separator: ",") + "}"
    }

    static func logfmt(_ fields: [(String, String)]) -> String {
        fields.map { key, value in
            let bare = !value.isEmpty && value.allSatisfy { $0 != " " && $0 != "\"" && $0 != "=" && !$0.isNewline }
            return "\(key)=\(bare ? value : quoted(value))"
        }.joined(separator: " ")
    }

    /// A JSON string literal (also logfmt's quoting): quotes, backslashes and control characters escaped.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension LogLineHandler.Format: ExpressibleByArgument {}
