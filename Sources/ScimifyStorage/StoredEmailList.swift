import Foundation

/// The `scim_record.emails` column: a JSON array of strings, as `JSONEncoder` writes it. Reading it is on the
/// SCIM filter's hot path, so the common form (no backslash anywhere: nothing escaped) is split directly; any
/// escape sends the text to `JSONDecoder`, which the result always equals.
package enum StoredEmailList {
    package static func encode(_ emails: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(emails), as: UTF8.self)
    }

    package static func decode(_ text: String) -> [String] {
        let bytes = text.utf8
        if text == "[]" { return [] }
        // Without a backslash no quote can sit inside a string, so `","` only ever separates two of them.
        if bytes.count >= 4, bytes.first == UInt8(ascii: "["), bytes.last == UInt8(ascii: "]"),
            !bytes.contains(UInt8(ascii: "\\")), text.hasPrefix("[\""), text.hasSuffix("\"]")
        {
            let inner = text.dropFirst(2).dropLast(2)
            return inner.split(separator: "\",\"", omittingEmptySubsequences: false).map(String.init)
        }
        return (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }
}
