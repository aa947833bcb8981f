/// Reads one JSON string literal (RFC 8259 §7) from UTF-8 bytes: escapes, `\u` escapes with surrogate
/// pairs, and no raw control characters. Shared by the client's page parser and the SCIM request reader.
package enum JSONStringLiteral {
    /// The bytes are not a well-formed string literal.
    package struct Malformed: Error {}

    /// - Parameters:
    ///   - bytes: the document.
    ///   - index: on entry, the position just after the opening quote; on return, just after the closing one.
    ///   - validatingUTF8: refuse invalid UTF-8 instead of repairing it with U+FFFD.
    /// - Returns: the decoded text; the fast path copies the bytes once when there is no escape.
    package static func read(_ bytes: UnsafeRawBufferPointer, from index: inout Int, validatingUTF8: Bool)
        throws(Malformed)
        -> String
    {
        let start = index
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let raw = UnsafeRawBufferPointer(rebasing: bytes[start..<index])
                index += 1
                return try text(Array(raw), validatingUTF8: validatingUTF8)
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw Malformed() }
            index += 1
        }
        guard index < bytes.count else { throw Malformed() }
        var utf8 = Array(UnsafeRawBufferPointer(rebasing: bytes[start..<index]))
        var pendingHigh: UInt32?
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard pendingHigh == nil else { throw Malformed() }
                return try text(utf8, validatingUTF8: validatingUTF8)
            case UInt8(ascii: "\\"):
                guard index < bytes.count else { throw Malformed() }
                let escape = bytes[index]
                index += 1
                if escape == UInt8(ascii: "u") {
                    let unit = try hex4(bytes, &index)
                    if (0xD800...0xDBFF).contains(unit) {
                        guard pendingHigh == nil else { throw Malformed() }
                        pendingHigh = unit
                        continue
                    }
                    var scalarValue = unit
                    if (0xDC00...0xDFFF).contains(unit) {
                        guard let high = pendingHigh else { throw Malformed() }
                        scalarValue = 0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00)
                        pendingHigh = nil
                    }
                    guard pendingHigh == nil, let scalar = Unicode.Scalar(scalarValue) else { throw Malformed() }
                    utf8.append(contentsOf: Array(String(Character(scalar)).utf8))
                    continue
                }
                guard pendingHigh == nil else { throw Malformed() }
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                case UInt8(ascii: "b"): utf8.append(0x08)
                case UInt8(ascii: "f"): utf8.append(0x0C)
                case UInt8(ascii: "n"): utf8.append(0x0A)
                case UInt8(ascii: "r"): utf8.append(0x0D)
                case UInt8(ascii: "t"): utf8.append(0x09)
                default: throw Malformed()
                }
            default:
                guard byte >= 0x20, pendingHigh == nil else { throw Malformed() }
                utf8.append(byte)
            }
        }
        throw Malformed()
    }

    private static func text(_ utf8: [UInt8], validatingUTF8: Bool) throws(Malformed) -> String {
        guard validatingUTF8 else { return String(decoding: utf8, as: UTF8.self) }
        guard let text = String(validating: utf8, as: UTF8.self) else { throw Malformed() }
        return text
    }

    private static func hex4(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) throws(Malformed) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Malformed() }
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let digit = Character(Unicode.Scalar(bytes[index])).hexDigitValue else { throw Malformed() }
            value = value << 4 | UInt32(digit)
            index += 1
        }
        return value
    }
}
