extension PageParser {
    /// The next-page cursor read straight from the bytes without parsing the page: `last_id` when `has_more`
    /// is `true`, else `nil`. Used only to start fetching the next page while this one is decoded; the full
    /// parse verifies it, and a wrong guess is discarded.
    static func speculativeCursor(_ bytes: UnsafeRawBufferPointer) -> String? {
        guard let hasMore = valueStart(of: "\"has_more\"", in: bytes),
            bytes.count - hasMore >= 4, bytes[hasMore] == UInt8(ascii: "t"),
            let lastID = valueStart(of: "\"last_id\"", in: bytes), lastID < bytes.count,
            bytes[lastID] == UInt8(ascii: "\"")
        else { return nil }
        var end = lastID + 1
        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") { end += 1 }
        guard end < bytes.count, bytes[end] == UInt8(ascii: "\""), end > lastID + 1 else { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(lastID + 1)..<end]), as: UTF8.self)
    }

    /// The index of the value after the last unescaped occurrence of `key` followed by `:`.
    private static func valueStart(of key: StaticString, in bytes: UnsafeRawBufferPointer) -> Int? {
        let length = key.utf8CodeUnitCount
        var start = bytes.count - length
        while start >= 0 {
            var matches = true
            for offset in 0..<length where bytes[start + offset] != key.utf8Start[offset] {
                matches = false
                break
            }
            if matches, start == 0 || bytes[start - 1] != UInt8(ascii: "\\") {
                var index = start + length
                while index < bytes.count,
                    bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
                {
                    index += 1
                }
                guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
                index += 1
                while index < bytes.count,
                    bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09
                {
                    index += 1
                }
                return index
            }
            start -= 1
        }
        return nil
    }
}
