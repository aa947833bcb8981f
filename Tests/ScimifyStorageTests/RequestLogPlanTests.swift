import Foundation
import ScimifyStorage
import Testing

/// The request log's pure rules: redaction, the retention cutoff and the status filter (issue 23).
@Suite struct RequestLogPlanTests {
    @Test func secretValuesAreRedactedInValidAndMalformedJSON() {
        let valid = RequestLogRedaction.body(
            Array(#"{"userName":"a@x.example","password":"p4ss","Api_Key": "k", "nested":{"clientSecret":"s"}}"#.utf8))
        #expect(
            valid
                == #"{"userName":"a@x.example","password":"[redacted]","Api_Key": "[redacted]", "nested":{"clientSecret":"[redacted]"}}"#
        )
        let broken = RequestLogRedaction.body(Array(#"{"password" : "p4\"ss", "name": "Zoë"#.utf8))
        #expect(broken == #"{"password" : "[redacted]", "name": "Zoë"#)
        let unterminated = RequestLogRedaction.body(Array(#"{"token": "abc"#.utf8))
        #expect(unterminated == #"{"token": "[redacted]""#, "an unterminated secret is redacted to its end")
    }

    @Test func keysAndBearerTokensAreRedactedWhereverTheyAppear() {
        let text = #"{"note":"use sk-ant-admin01-AbC_123 or Bearer eyJhbGciOi.x-y"} Bearer abcdefgh"#
        #expect(
            RequestLogRedaction.body(Array(text.utf8))
                == #"{"note":"use sk-ant-[redacted] or Bearer [redacted]"} Bearer [redacted]"#)
        #expect(RequestLogRedaction.body(Array("a bearer of news".utf8)) == "a bearer of news", "a word is not a token")
    }

    @Test func longBodiesAreCutOnACharacterBoundaryAndSaySo() {
        let body = Array((String(repeating: "a", count: RequestLogRedaction.bodyLimit - 1) + "ëëë").utf8)
        let kept = RequestLogRedaction.body(body)
        #expect(kept.hasPrefix(String(repeating: "a", count: RequestLogRedaction.bodyLimit - 1)))
        #expect(
            kept.hasSuffix("… (6 more bytes not kept)") || kept.hasSuffix("… (5 more bytes not kept)"),
            "\(kept.suffix(40))")
        #expect(!kept.contains("\u{FFFD}"))
        #expect(RequestLogRedaction.body([UInt8]()) == "")
    }

    @Test func onlyAllowListedHeadersKeepTheirValues() {
        let kept = RequestLogRedaction.headers([
            ("Authorization", "Bearer scimify_secret"), ("Content-Type", "application/scim+json"),
            ("Cookie", "session=1"), ("X-Request-Id", "okta-1"), ("client-request-id", "entra-1"),
        ])
        #expect(
            kept
                == "authorization: [redacted]\ncontent-type: application/scim+json\nx-request-id: okta-1\nclient-request-id: entra-1"
        )
    }

    @Test func theCutoffReachesAsFarAsEitherLimit() {
        #expect(RequestLogRetention.cutoff(newestTooOld: nil, firstBeyondCount: nil) == nil)
        #expect(RequestLogRetention.cutoff(newestTooOld: 7, firstBeyondCount: nil) == 7)
        #expect(RequestLogRetention.cutoff(newestTooOld: nil, firstBeyondCount: 9) == 9)
        #expect(RequestLogRetention.cutoff(newestTooOld: 12, firstBeyondCount: 9) == 12)
        #expect(RequestLogRetention.standard.maximumCount == 100_000)
        #expect(RequestLogRetention.standard.maximumAge == 14 * 86_400)
        #expect(RequestLogRetention(maximumAge: 1, maximumCount: 0, batchSize: 0).batchSize == 1)
    }

    @Test(arguments: [
        ("4xx", 400...499), ("5XX", 500...599), ("401", 401...401), ("2xx", 200...299),
    ])
    func statusFiltersParse(_ text: String, _ range: ClosedRange<Int>) {
        #expect(RequestLogQuery.StatusFilter(text)?.range == range)
    }

    @Test(arguments: ["6xx", "abc", "4x", "99", "600", ""])
    func badStatusFiltersAreRefused(_ text: String) {
        #expect(RequestLogQuery.StatusFilter(text) == nil)
    }
}
