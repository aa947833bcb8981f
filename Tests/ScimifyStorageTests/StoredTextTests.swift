import Foundation
import ScimifyCore
import ScimifyStorage
import Testing

/// The text rules both stores keep: NUL, caps, keys, request-id lists, intent states.
struct StoredTextTests {
    @Test func nulIsWrittenAsTheReplacementCharacterAndOtherControlsAreKept() {
        #expect(StoredText.storable("a\u{0}b\u{0}") == "a\u{FFFD}b\u{FFFD}")
        #expect(StoredText.storable("esc \u{1B}[31m red") == "esc \u{1B}[31m red", "shown neutralised, stored as is")
        #expect(StoredText.storable("abcdef", limit: 3) == "abc")
        #expect(StoredText.key("Jane\u{0}@ACME.example") == EmailAddress.key("Jane\u{FFFD}@acme.example"))
    }

    @Test func aRecordKeepsEveryTextFieldStorable() {
        var record = PlanFixtures.record("j\u{0}@acme.example")
        record.givenName = "J\u{0}"
        record.resource = "{\u{0}}"
        let stored = StoredText.storable(record)
        #expect(stored.userName == "j\u{FFFD}@acme.example" && stored.emails == ["j\u{FFFD}@acme.example"])
        #expect(stored.givenName == "J\u{FFFD}" && stored.resource == "{\u{FFFD}}")
    }

    @Test func auditFieldsAreCappedAndRequestIDsCutAtACommaOrDropped() {
        var event = PlanFixtures.event(email: String(repeating: "x", count: 1_000))
        event.detail = String(repeating: "d", count: 10_000) + "\u{0}"
        event.requestIDs = ["req_1", "", "req_2,req_3", "\u{0}"]
        let stored = AuditCaps.storable(event)
        #expect(stored.targetEmail?.count == AuditCaps.targetEmail)
        #expect(stored.detail.count == AuditCaps.detail && !stored.detail.contains("\u{0}"))
        #expect(stored.requestIDs == ["req_1", "req_2", "\u{FFFD}"])
    }

    @Test func intentRequestIDsRoundTripAndStatesHaveTheirColumnNames() {
        let encoded = IntentRow.encode(requestIDs: ["req_1", "", "req_2,x"])
        #expect(encoded == "req_1,req_2")
        #expect(IntentRow.decode(requestIDs: encoded) == ["req_1", "req_2"])
        #expect(IntentRow.decode(requestIDs: "").isEmpty)
        #expect(IntentRow.State.allCases.map(\.rawValue) == ["open", "needs_attention"])
        let row = IntentRow.attentionIntent(
            id: "i1", email: "j@acme.example", oldInviteID: "inv", oldRole: "user", newRole: "developer",
            createdAt: 100, generation: 2, reason: nil, requestIDs: "req_9", stateAt: nil)
        #expect(row.intent.newRole == .developer && row.intent.generation == 2)
        #expect(row.reason == "" && row.requestIDs == ["req_9"] && row.since == Date(timeIntervalSince1970: 100))
    }
}
