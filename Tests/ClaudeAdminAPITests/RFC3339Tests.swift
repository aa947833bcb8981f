import Foundation
import Testing

@testable import ClaudeAdminAPI

@Suite struct RFC3339Tests {
    @Test func parsesWithAndWithoutFractionalSeconds() throws {
        let plain = try #require(RFC3339.parse("2026-06-12T09:14:03Z"))
        #expect(plain.timeIntervalSince1970 == 1_781_255_643)
        let micro = try #require(RFC3339.parse("2024-10-30T23:58:27.427722Z"))
        #expect(abs(micro.timeIntervalSince1970 - 1_730_332_707.427722) < 1e-6)
        let offset = try #require(RFC3339.parse("2026-06-12T11:14:03+02:00"))
        #expect(offset == plain)
    }

    @Test(arguments: ["", "2026-06-12", "2026-13-01T00:00:00Z", "2026-06-12T09:14:03", "2026-06-12T09:14:03.Z", "x"])
    func rejectsMalformedText(_ text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func queryComponentsArePercentEncoded() {
        #expect(QueryString.encode([("email", "a+b@x.example"), ("limit", "5")]) == "?email=a%2Bb%40x.example&limit=5")
    }
}
