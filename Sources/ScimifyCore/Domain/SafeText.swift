/// Makes untrusted text (from the network, the IdP or a command line) safe to echo in messages.
public enum SafeText {
    /// The longest piece of untrusted text a message repeats.
    public static let maximumEchoLength = 120

    /// Replaces control characters and escape sequences with visible escapes and shortens long text.
    /// - Parameters:
    ///   - text: untrusted text.
    ///   - limit: the most characters kept before `…` is appended.
    /// - Returns: text containing no C0/C1 control character, DEL, or bidi override.
    public static func neutralized(_ text: String, limit: Int = maximumEchoLength) -> String {
        var result = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                result += "…"
                break
            }
            let value = scalar.value
            if value < 0x20 || (0x7F...0x9F).contains(value) || isBidiControl(value) {
                result += "\\u{\(String(value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return result
    }

    /// The neutralized text in double quotes.
    public static func quoted(_ text: String, limit: Int = maximumEchoLength) -> String {
        "\"\(neutralized(text, limit: limit))\""
    }

    private static func isBidiControl(_ value: UInt32) -> Bool {
        (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) || value == 0x200E
            || value == 0x200F
    }
}
