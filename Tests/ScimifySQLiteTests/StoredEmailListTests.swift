import Foundation
import ScimifyStorage
import Testing

@testable import ScimifySQLite

/// The emails column's fast reading agrees with `JSONDecoder` on every list `JSONEncoder` can write, including
/// hostile strings that look like the separator.
@Suite struct StoredEmailListTests {
    @Test func readsBackEveryListItWrites() throws {
        let lists: [[String]] = [
            [], [""], ["a@example.com"], ["a@example.com", "b@example.com"], ["", ""], ["José@例え.jp", "ü@x"],
            ["a\",\"b@example.com"], ["quote\"inside@example.com"], ["back\\slash@example.com"],
            ["slash/in@example.com"], ["tab\there@example.com", "new\nline"], ["\u{1F600}@emoji.example"],
            ["[\"looks like json\"]"], [",", "\",\""], ["a@x", "b@x", "c@x", "d@x"],
        ]
        for list in lists {
            let text = try StoredEmailList.encode(list)
            #expect(StoredEmailList.decode(text) == list, "\(text)")
            #expect(StoredEmailList.decode(text) == (try JSONDecoder().decode([String].self, from: Data(text.utf8))))
        }
    }

    @Test func unreadableTextIsAnEmptyList() {
        for text in ["", "[", "not json", "[\"unterminated", "{}", "[1,2]"] {
            #expect(StoredEmailList.decode(text) == [], "\(text)")
        }
    }
}
