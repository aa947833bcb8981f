import Foundation
import SCIMProtocol
import Testing

@Suite struct JSONValueTests {
    @Test func parsesObjectsWithCaseInsensitiveLookup() throws {
        let value = try JSONValue.parse(
            Data(#"{"UserName":"a@b.example","active":"False","n":1.5,"x":null,"e":"\u00e9\ud83d\ude80"}"#.utf8))
        #expect(value["userName"]?.string == "a@b.example")
        #expect(value["ACTIVE"]?.tolerantBool == false)
        #expect(value["n"] == .number(1.5))
        #expect(value["x"] == .null)
        #expect(value["e"]?.string == "é🚀")
    }

    @Test(arguments: ["", "{", "{\"a\":}", "[1,]", "01", "\"\\x\"", "{\"a\":1}}", "nul", "\"\u{01}\"", "\"\\ud800\""])
    func rejectsMalformedJSON(_ text: String) {
        #expect(throws: SCIMError.invalidSyntax("the request body is not valid JSON")) {
            try JSONValue.parse(Data(text.utf8))
        }
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: SCIMError.self) { try JSONValue.parse(Data(deep.utf8)) }
        let ok = String(repeating: "[", count: 30) + String(repeating: "]", count: 30)
        #expect(throws: Never.self) { try JSONValue.parse(Data(ok.utf8)) }
    }

    @Test func errorBodiesFollowRFC7644() throws {
        let body = SCIMError.uniqueness("userName x already exists").body
        #expect(body["schemas"] == .array([.string("urn:ietf:params:scim:api:messages:2.0:Error")]))
        #expect(body["status"] == .string("409"))
        #expect(body["scimType"] == .string("uniqueness"))
        #expect(SCIMError(status: 404, detail: "").detail == "error")
        #expect(SCIMError.notFound("no").body["scimType"] == nil)
    }
}

@Suite struct JSONSerializationTests {
    @Test func serializedJSONRoundTripsEscapesAndNumbers() throws {
        let value: JSONValue = .object([
            "b": .array([.number(1), .number(2.5), .bool(true), .null]),
            "a": .string("quote \" backslash \\ newline \n tab \t nul \u{0} esc \u{1B} é 李 🚀"),
        ])
        let data = value.serialized()
        #expect(try JSONValue.parse(data) == value)
        #expect(
            String(decoding: data, as: UTF8.self).hasPrefix(
                #"{"a":"quote \" backslash \\ newline \n tab \t nul \u0000 esc \u001b"#))
    }
}
