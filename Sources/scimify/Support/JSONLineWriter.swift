import Foundation

/// Writes one JSON object on one line directly into UTF-8 (keys sorted, RFC 8259 escaping, `/` unescaped),
/// for `--json` output: a listing of 10,000 members costs about what its table costs, where
/// `JSONSerialization` per line cost several times more. Values: strings, booleans, integers, doubles,
/// arrays, nested objects and `nil` (`null`); anything else is written as its description, as a string.
enum JSONLineWriter {
    static func line(_ object: [String: Any?]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        write(object, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func write(_ object: [String: Any?], into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        for (index, key) in object.keys.sorted().enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            write(string: key, into: &bytes)
            bytes.append(UInt8(ascii: ":"))
            write(value: object[key] ?? nil, into: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    private static func write(value: Any?, into bytes: inout [UInt8]) {
        switch value {
        case nil, is NSNull: bytes.append(contentsOf: "null".utf8)
        case let text as String: write(string: text, into: &bytes)
        case let flag as Bool: bytes.append(contentsOf: (flag ? "true" : "false").utf8)
        case let number as Int: bytes.append(contentsOf: String(number).utf8)
        case let number as Int64: bytes.append(contentsOf: String(number).utf8)
        case let number as Double:
            if number.isFinite, number == number.rounded(), abs(number) < 1e15 {
                bytes.append(contentsOf: String(Int64(number)).utf8)
            } else if number.isFinite {
                bytes.append(contentsOf: String(number).utf8)
            } else {
                bytes.append(contentsOf: "null".utf8)
            }
        case let list as [Any?]:
            bytes.append(UInt8(ascii: "["))
            for (index, element) in list.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(value: element, into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        case let nested as [String: Any?]: write(nested, into: &bytes)
        case let nested as [String: Any]: write(nested.mapValues { Optional($0) }, into: &bytes)
        case let other?: write(string: "\(other)", into: &bytes)
        }
    }

    private static func write(string: String, into bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
            case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
            case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
            case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: #"\u00"#.utf8)
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
