import Foundation
import Testing

@testable import ClaudeAdminAPI

@Suite struct PageParserTests {
    private func parse(_ json: String) throws -> PageParser.Page {
        var text = json
        return try text.withUTF8 { try PageParser.parse(UnsafeRawBufferPointer($0)) }
    }

    @Test func readsDocumentedFieldsInAnyKeyOrderAndSkipsUnknownOnes() throws {
        let page = try parse(
            #"""
            {"has_more":true,"first_id":"user_2","extra":{"nested":[1,2.5e3,{"a":null}],"flag":false},
             "data":[{"type":"user","id":"user_2","email":"a@x.example","name":"Zoë \"Z\" \u674e\ud83d\ude80","role":"admin",
                      "added_at":"2026-06-12T09:14:03Z","future_field":[true]}],
             "last_id":"user_2"}
            """#)
        #expect(page.hasMore == true && page.lastID == "user_2")
        let user = try #require(page.items.first)
        #expect(user.name == "Zoë \"Z\" 李🚀")
        #expect(user.role == "admin" && user.addedAt == "2026-06-12T09:14:03Z")
    }

    @Test(arguments: [
        #"{"data":[{"id":"x"}]"#, #"{"data":[{"email":"a"}]}"#, #"{"data":"x"}"#, #"{"data":[]} x"#,
        #"{"data":[{"id":"\ud800"}]}"#, #"{"has_more":false,"last_id":null}"#, #"{"type":"error","error":{}}"#,
    ])
    func malformedPagesAreRefusedSoTheFallbackDecodes(_ json: String) {
        #expect(throws: PageParser.Failure.self) { try parse(json) }
    }

    @Test func speculativeCursorReadsTheTopLevelKeys() {
        var text = #"{"data":[{"id":"a","name":"\"has_more\":true"}],"has_more": true,"last_id":"user_9"}"#
        let cursor = text.withUTF8 { PageParser.speculativeCursor(UnsafeRawBufferPointer($0)) }
        #expect(cursor == "user_9")
        var done = #"{"data":[],"has_more":false,"last_id":null}"#
        #expect(done.withUTF8 { PageParser.speculativeCursor(UnsafeRawBufferPointer($0)) } == nil)
    }
}
