/// What of a SCIM request the log may keep: the rule `serve` applies before a request reaches the store.
/// - Headers: only an allow-list (content type and length, accept, user agent, the IdP's request-ids) keep
///   their values; `Authorization` is kept as `[redacted]` (an operator triaging a 401 must know whether a
///   token was sent at all); every other header is left out.
/// - Bodies: the values of secret-looking keys (`password`, `token`, `secret`, `authorization`, `apiKey`...)
///   become `[redacted]`, and anything shaped like an Anthropic key (`sk-ant-...`) or a bearer token loses its
///   secret part, in valid and malformed JSON alike (a broken body is what an operator most needs to see).
///   Emails and names are kept: they are what a triage looks for. A body longer than ``bodyLimit`` bytes is
///   cut there, with the number of bytes left out.
public enum RequestLogRedaction {
    /// The most bytes of a body the log keeps.
    public static let bodyLimit = 16 * 1024
    public static let redacted = "[redacted]"

    /// Header names (lowercased) whose values are kept.
    public static let keptHeaders: Set<String> = [
        "content-type", "content-length", "accept", "user-agent", "x-request-id", "client-request-id",
    ]

    /// JSON keys (lowercased, without `_` and `-`) whose string values are never kept.
    static let secretKeys: Set<String> = [
        "password", "token", "secret", "authorization", "apikey", "accesstoken", "refreshtoken", "bearer",
        "clientsecret",
    ]

    /// The headers as the log keeps them: one `name: value` line each, in the order given.
    public static func headers(_ fields: [(name: String, value: String)]) -> String {
        var lines: [String] = []
        for (name, value) in fields {
            let lowered = name.lowercased()
            if lowered == "authorization" {
                lines.append("\(lowered): \(redacted)")
            } else if keptHeaders.contains(lowered) {
                lines.append("\(lowered): \(String(value.prefix(200)))")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `bytes` (a body) as the log keeps it: secrets redacted, cut at ``bodyLimit``.
    public static func body(_ bytes: some Collection<UInt8>) -> String {
        if bytes.isEmpty { return "" }
        var kept = Array(bytes.prefix(bodyLimit))
        let cut = bytes.count - kept.count
        if cut > 0 {
            // Never end inside a UTF-8 sequence.
            while let last = kept.last, last & 0xC0 == 0x80 { kept.removeLast() }
            if let last = kept.last, last >= 0xC0 { kept.removeLast() }
        }
        var text = String(decoding: redactingSecrets(kept), as: UTF8.self)
        if cut > 0 { text += "… (\(cut) more bytes not kept)" }
        return text
    }

    /// `bytes` with the string value of every secret key, every `sk-ant-` key and every bearer token replaced.
    static func redactingSecrets(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let end = stringEnd(bytes, from: index)
                appendScrubbed(bytes, index..<end, to: &output)
                let key = bytes[(index + 1)..<max(index + 1, end - 1)]
                index = end
                if isSecretKey(key), let value = valueString(bytes, after: index) {
                    output.append(contentsOf: bytes[index..<value.lowerBound])
                    output.append(contentsOf: Array("\"\(redacted)\"".utf8))
                    index = value.upperBound
                }
            } else if let length = secretToken(bytes, at: index) {
                output.append(contentsOf: bytes[index..<index + length.prefix])
                output.append(contentsOf: Array(redacted.utf8))
                index += length.whole
            } else {
                output.append(byte)
                index += 1
            }
        }
        return output
    }

    /// Appends `bytes[range]` with every `sk-ant-` key and bearer token in it redacted.
    private static func appendScrubbed(_ bytes: [UInt8], _ range: Range<Int>, to output: inout [UInt8]) {
        var index = range.lowerBound
        while index < range.upperBound {
            if let length = secretToken(bytes, at: index), index + length.whole <= range.upperBound {
                output.append(contentsOf: bytes[index..<index + length.prefix])
                output.append(contentsOf: Array(redacted.utf8))
                index += length.whole
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
    }

    /// The index just past the string literal starting at `start` (a `"`), or the end of the bytes.
    private static func stringEnd(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start + 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\\") {
                index += 2
                continue
            }
            if bytes[index] == UInt8(ascii: "\"") { return index + 1 }
            index += 1
        }
        return bytes.count
    }

    /// First letters (lowercased) of ``secretKeys``: most string literals are ruled out by their first byte,
    /// with no allocation (the log reads every answer the server gives).
    private static let secretKeyInitials: Set<UInt8> = Set(secretKeys.compactMap { $0.utf8.first })

    private static func isSecretKey(_ key: ArraySlice<UInt8>) -> Bool {
        guard (3...40).contains(key.count), let first = key.first, secretKeyInitials.contains(first | 0x20) else {
            return false
        }
        let folded = String(decoding: key.filter { $0 != UInt8(ascii: "_") && $0 != UInt8(ascii: "-") }, as: UTF8.self)
        return secretKeys.contains(folded.lowercased())
    }

    /// The range of the string literal that is the value after a key ending at `index` (`: "..."`), if any.
    private static func valueString(_ bytes: [UInt8], after index: Int) -> Range<Int>? {
        var cursor = index
        while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") else { return nil }
        cursor += 1
        while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") else { return nil }
        return cursor..<stringEnd(bytes, from: cursor)
    }

    private static let anthropicKeyPrefix = Array("sk-ant-".utf8)
    private static let bearerPrefix = Array("bearer ".utf8)

    /// At `index`, an `sk-ant-...` key or a `Bearer <token>`: how many bytes to keep (`prefix`) and how many the
    /// whole secret spans.
    private static func secretToken(_ bytes: [UInt8], at index: Int) -> (prefix: Int, whole: Int)? {
        let prefix: [UInt8]
        switch bytes[index] | 0x20 {
        case UInt8(ascii: "s"): prefix = anthropicKeyPrefix
        case UInt8(ascii: "b"): prefix = bearerPrefix
        default: return nil
        }
        guard matches(bytes, at: index, prefix) else { return nil }
        var end = index + prefix.count
        while end < bytes.count, isTokenByte(bytes[end]) { end += 1 }
        return end - index - prefix.count >= 4 ? (prefix.count, end - index) : nil
    }

    private static func matches(_ bytes: [UInt8], at index: Int, _ prefix: [UInt8]) -> Bool {
        guard index + prefix.count <= bytes.count else { return false }
        for offset in 0..<prefix.count {
            let byte = bytes[index + offset]
            let lowered = (byte >= 0x41 && byte <= 0x5A) ? byte + 0x20 : byte
            if lowered != prefix[offset] { return false }
        }
        return true
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "~") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
            || byte == UInt8(ascii: "=")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }
}
