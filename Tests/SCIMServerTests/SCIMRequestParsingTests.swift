import Foundation
import SCIMProtocol
import Testing

@testable import SCIMServer

/// The query and header parsing of every SCIM request, done over bytes: each agrees with the Foundation
/// calls it replaced, on ordinary, encoded, malformed and hostile input.
@Suite struct SCIMRequestParsingTests {
    @Test func queryDecodingAgreesWithFoundation() {
        let inputs = [
            "", "plain", "userName%20eq%20%22a%40b.example%22", "a+b", "%2B", "%25", "%", "%4", "%zz", "%4g", "100%",
            "%C3%A9", "%c3%a9", "%C3", "%FF", "%E2%82%AC+%E2%82%AC", "%00", "caf%C3%A9+%F0%9F%98%80", "+++", "%%41",
            "userName eq \"x\"", "é", "%ED%A0%80",
        ]
        for input in inputs {
            let foundation = input.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
            let ours = try? SCIMQuery.formDecoded(Substring(input))
            #expect(ours == foundation, "\(input)")
        }
    }

    @Test func queryParametersSplitOnAmpersandAndTheFirstEquals() throws {
        let parameters = try SCIMQuery.parameters("filter=a%3Db&count=2&&empty=&flag&x=1=2")
        #expect(parameters.map(\.0) == ["filter", "count", "empty", "flag", "x"])
        #expect(parameters.map(\.1) == ["a=b", "2", "", "", "1=2"])
        #expect(throws: SCIMError.self) { try SCIMQuery.parameters("filter=%zz") }
    }

    @Test func headerTrimmingRemovesSpacesAndTabsOnly() {
        #expect(SCIMAuthentication.trimmingOptionalWhitespace(" \t scimify_x \t") == "scimify_x")
        #expect(SCIMAuthentication.trimmingOptionalWhitespace("\u{A0}scimify_x") == "\u{A0}scimify_x")
        #expect(SCIMAuthentication.trimmingOptionalWhitespace("   ") == "")
        #expect(SCIMAuthentication.trimmingOptionalWhitespace("") == "")
    }
}
