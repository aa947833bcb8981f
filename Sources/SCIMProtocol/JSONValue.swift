import Foundation

/// A JSON value, for SCIM bodies whose attribute names are case-insensitive and whose shapes vary by IdP.
public enum JSONValue: Sendable, Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null

    /// Parses UTF-8 JSON (RFC 8259), nesting at most 64 levels deep.
    /// - Throws: ``SCIMError`` `invalidSyntax` when the bytes are not JSON, or nest deeper than that (said so).
    public static func parse(_ data: Data) throws(SCIMError) -> JSONValue {
        do {
            return try data.withUnsafeBytes { bytes in
                var reader = JSONReader(bytes: bytes)
                let value = try reader.value(depth: 0)
                reader.skipSpaces()
                guard reader.atEnd else { throw JSONReader.Failure() }
                return value
            }
        } catch is JSONReader.TooDeep {
            throw .invalidSyntax(
                "the request body nests objects and arrays deeper than \(JSONReader.maximumDepth) levels")
        } catch {
            throw .invalidSyntax("the request body is not valid JSON")
        }
    }

    /// The value of `key`, matched case-insensitively (SCIM attribute names are case-insensitive).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        if let exact = members[key] { return exact }
        let lowered = key.lowercased()
        return members.first { $0.key.lowercased() == lowered }?.value
    }

    /// Serialized JSON with sorted keys (stable output for tests and ETags).
    public func serialized() -> Data {
        var output: [UInt8] = []
        output.reserveCapacity(512)
        write(into: &output)
        return Data(output)
    }

    private func write(into output: inout [UInt8]) {
        switch self {
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(key, into: &output)
                output.append(UInt8(ascii: ":"))
                members[key]!.write(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        case .array(let values):
            output.append(UInt8(ascii: "["))
            for (index, value) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                value.write(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .string(let text): Self.writeString(text, into: &output)
        case .number(let number):
            let text = number == number.rounded() && abs(number) < 1e15 ? String(Int(number)) : String(number)
            output.append(contentsOf: text.utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .null: output.append(contentsOf: "null".utf8)
        }
    }

    private static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: output.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                output.append(contentsOf: [
                    UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)],
                    hex[Int(byte & 0xF)],
                ])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// The text of a string value.
    public var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// A boolean, tolerating the strings `"True"`/`"false"` that Entra and OneLogin send.
    public var tolerantBool: Bool? {
        switch self {
        case .bool(let flag): return flag
        case .string(let text):
            switch text.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// Whether this is `null` or an empty string (both clear an attribute).
    public var isNullOrEmpty: Bool {
        switch self {
        case .null: true
        case .string(let text): text.isEmpty
        default: false
        }
    }
}
