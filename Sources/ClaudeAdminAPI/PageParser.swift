import ScimifyCore

/// A single-pass JSON reader for list pages of users and invites.
///
/// Listing 10,000 members is dominated by decoding; Foundation's `JSONDecoder` with `Codable` costs several
/// microseconds a record here. This reader walks the bytes once, keeps only the documented fields, and skips
/// anything else (new fields the API may add). If it meets anything it does not expect, the caller falls back
/// to `JSONDecoder`, so it can only make decoding faster, never different.
struct PageParser {
    struct Failure: Error {}

    /// The documented fields of a user or invite, as text.
    struct Fields {
        var id = ""
        var email = ""
        var name: String?
        var role = ""
        var status = ""
        var addedAt: String?
        var invitedAt: String?
        var expiresAt: String?
        var acceptedAt: String?
    }

    struct Page {
        var items: [Fields] = []
        var hasMore: Bool?
        var lastID: String?
    }

    private let bytes: UnsafeRawBufferPointer
    private var index = 0

    private init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    /// Parses `{"data":[{...}],"has_more":..,"first_id":..,"last_id":..}` in any key order.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws -> Page {
        var parser = PageParser(bytes)
        var page = Page()
        // A body without `data` (an error object sent with a 200, a proxy's page) is not an empty page: read as
        // one, a refresh would take every member for gone. It goes to the fallback, which refuses it too.
        var sawData = false
        try parser.object { parser, key in
            switch key {
            case .data:
                sawData = true
                try parser.array { parser in page.items.append(try parser.item()) }
            case .hasMore: page.hasMore = try parser.bool()
            case .lastID: page.lastID = try parser.optionalString()
            default: try parser.skipValue()
            }
        }
        parser.skipSpaces()
        guard sawData, parser.index == bytes.count else { throw Failure() }
        return page
    }

    private mutating func item() throws -> Fields {
        var fields = Fields()
        try object { parser, key in
            switch key {
            case .id: fields.id = try parser.string()
            case .email: fields.email = try parser.string()
            case .name: fields.name = try parser.optionalString()
            case .role: fields.role = try parser.string()
            case .status: fields.status = try parser.string()
            case .addedAt: fields.addedAt = try parser.optionalString()
            case .invitedAt: fields.invitedAt = try parser.optionalString()
            case .expiresAt: fields.expiresAt = try parser.optionalString()
            case .acceptedAt: fields.acceptedAt = try parser.optionalString()
            default: try parser.skipValue()
            }
        }
        guard !fields.id.isEmpty else { throw Failure() }
        return fields
    }

    // MARK: - Structure

    /// The keys this reader keeps; everything else is `.other` and skipped.
    enum Key {
        case data, hasMore, lastID, id, email, name, role, status, addedAt, invitedAt, expiresAt, acceptedAt, other

        static let table: [(bytes: [UInt8], key: Key)] =
            ([
                ("data", .data), ("has_more", .hasMore), ("last_id", .lastID), ("id", .id), ("email", .email),
                ("name", .name), ("role", .role), ("status", .status), ("added_at", .addedAt),
                ("invited_at", .invitedAt), ("expires_at", .expiresAt), ("accepted_at", .acceptedAt),
            ] as [(String, Key)]).map { (Array($0.0.utf8), $0.1) }
    }

    /// Reads an object key and classifies it by its bytes, without building a `String`.
    private mutating func key() throws -> Key {
        try expect(UInt8(ascii: "\""))
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") { index += 1 }
        guard index < bytes.count else { throw Failure() }
        if bytes[index] == UInt8(ascii: "\\") {  // an escaped key is never one of ours
            index = start - 1
            _ = try string()
            return .other
        }
        let length = index - start
        index += 1
        for entry in Key.table where entry.bytes.count == length {
            var same = true
            for offset in 0..<length where bytes[start + offset] != entry.bytes[offset] {
                same = false
                break
            }
            if same { return entry.key }
        }
        return .other
    }

    private mutating func object(_ member: (inout PageParser, Key) throws -> Void) throws {
        skipSpaces()
        try expect(UInt8(ascii: "{"))
        skipSpaces()
        if peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            skipSpaces()
            let key = try key()
            skipSpaces()
            try expect(UInt8(ascii: ":"))
            skipSpaces()
            try member(&self, key)
            skipSpaces()
            if peek() == UInt8(ascii: ",") {
                index += 1
                continue
            }
            try expect(UInt8(ascii: "}"))
            return
        }
    }

    private mutating func array(_ element: (inout PageParser) throws -> Void) throws {
        skipSpaces()
        try expect(UInt8(ascii: "["))
        skipSpaces()
        if peek() == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            try element(&self)
            skipSpaces()
            if peek() == UInt8(ascii: ",") {
                index += 1
                continue
            }
            try expect(UInt8(ascii: "]"))
            return
        }
    }

    private mutating func skipValue() throws {
        skipSpaces()
        switch peek() {
        case UInt8(ascii: "{"): try object { parser, _ in try parser.skipValue() }
        case UInt8(ascii: "["): try array { parser in try parser.skipValue() }
        case UInt8(ascii: "\""): _ = try string()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"): try literal("null")
        default:
            let start = index
            while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
            guard index > start else { throw Failure() }
        }
    }

    // MARK: - Scalars

    private mutating func bool() throws -> Bool {
        if peek() == UInt8(ascii: "t") {
            try literal("true")
            return true
        }
        try literal("false")
        return false
    }

    private mutating func optionalString() throws -> String? {
        if peek() == UInt8(ascii: "n") {
            try literal("null")
            return nil
        }
        return try string()
    }

    /// A JSON string (``ScimifyCore/JSONStringLiteral``); invalid UTF-8 is repaired, as `JSONDecoder` would fail.
    private mutating func string() throws -> String {
        try expect(UInt8(ascii: "\""))
        do {
            return try JSONStringLiteral.read(bytes, from: &index, validatingUTF8: false)
        } catch {
            throw Failure()
        }
    }

    private mutating func literal(_ text: StaticString) throws {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw Failure() }
        for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { throw Failure() }
        index += count
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard index < bytes.count, bytes[index] == byte else { throw Failure() }
        index += 1
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpaces() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private static func isNumberByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }
}
