#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A column value prepared once per sort: lower-cased UTF-8 bytes for text (compared with `memcmp`, so
/// sorting 100,000 rows never compares Swift strings) or a number for dates and flags.
public struct SortKey: Comparable, Sendable {
    let bytes: [UInt8]
    let number: Double

    public static func text(_ text: String) -> SortKey {
        SortKey(bytes: lowercasedBytes(text), number: 0)
    }

    public static func number(_ value: Double) -> SortKey {
        SortKey(bytes: [], number: value)
    }

    public static func < (a: SortKey, b: SortKey) -> Bool {
        if a.number != b.number { return a.number < b.number }
        return a.bytes.withUnsafeBufferPointer { x in
            b.bytes.withUnsafeBufferPointer { y in
                let common = min(x.count, y.count)
                let order = common == 0 ? 0 : memcmp(x.baseAddress!, y.baseAddress!, common)
                return order != 0 ? order < 0 : x.count < y.count
            }
        }
    }

    public static func == (a: SortKey, b: SortKey) -> Bool { a.number == b.number && a.bytes == b.bytes }

    /// Lower-cased UTF-8: a byte loop for ASCII text, Unicode lower-casing otherwise.
    static func lowercasedBytes(_ text: String) -> [UInt8] {
        var bytes = Array(text.utf8)
        var ascii = true
        for index in bytes.indices {
            let byte = bytes[index]
            if byte >= 0x80 {
                ascii = false
                break
            }
            if byte >= 0x41, byte <= 0x5A { bytes[index] = byte | 0x20 }
        }
        return ascii ? bytes : Array(text.lowercased().utf8)
    }
}
