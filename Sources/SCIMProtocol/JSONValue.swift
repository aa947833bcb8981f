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
    /// - Throws: ``SCIMError`` `invalidSyntax` when the bytes are not JSON.
    public static func parse(_ data: Data) throws(SCIMError) -> JSONValue {
        do {
            return try data.withUnsafeBytes { bytes in
                var reader = JSONReader(bytes: bytes)
                let value = try reader.value(depth: 0)
                reader.skipSpaces()
                guard reader.atEnd else { throw JSONReader.Failure() }
                return value
            }
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

    /// Serialized JSON with sorted keys.
    public func serialized() -> Data {
        (try? JSONSerialization.data(withJSONObject: anyValue, options: [.sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed]))
            ?? Data("null".utf8)
    }

    var anyValue: Any {
        switch self {
        case .object(let members): members.mapValues(\.anyValue)
        case .array(let values): values.map(\.anyValue)
        case .string(let text): text
        case .number(let number): number == number.rounded() && abs(number) < 1e15 ? Int(number) as Any : number
        case .bool(let flag): flag
        case .null: NSNull()
        }
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
