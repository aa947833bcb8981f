import Foundation
import ScimifyCore
import Testing

@Suite struct TextSafetyTests {
    @Test func controlCharactersAndEscapesAreNeutralised() {
        let hostile = "Eve\u{1B}[2J\u{1B}]0;pwned\u{07}\r\n\u{9B}31m\u{202E}gnp.exe"
        let safe = SafeText.neutralized(hostile)
        #expect(!safe.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) })
        #expect(!safe.contains("\u{202E}"))
        #expect(safe.hasPrefix("Eve\\u{1b}[2J"))
    }

    @Test func longTextIsShortened() {
        let safe = SafeText.neutralized(String(repeating: "x", count: 10_000), limit: 50)
        #expect(safe.count == 51)
        #expect(safe.hasSuffix("…"))
    }

    @Test func displayWidthCountsWideAndZeroWidthCharacters() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("李伟") == 4)
        #expect(DisplayWidth.of("김민준") == 6)
        #expect(DisplayWidth.of("Sam 🚀") == 6)
        #expect(DisplayWidth.of("José") == 4)
        #expect(DisplayWidth.of("Jose\u{301}") == 4)  // combining acute accent
    }

    @Test func padAndTruncateByColumns() {
        #expect(DisplayWidth.pad("李伟", to: 6) == "李伟  ")
        #expect(DisplayWidth.truncate("田中 由紀さん", to: 6) == "田中 …")
        #expect(DisplayWidth.of(DisplayWidth.pad("田中 由紀さん", to: 7)) == 7)
    }

    @Test func emailKeysIgnoreCaseAndSpaces() throws {
        #expect(EmailAddress.key("  Jane@Example.COM ") == "jane@example.com")
        #expect(try EmailAddress.validated(" a.b+c@x.example ") == "a.b+c@x.example")
    }

    /// The key's fast path (lower-case ASCII, nothing to trim, returned as it is) agrees with the general one
    /// on every kind of address, including the ones that must take the slow path.
    @Test func emailKeyFastPathAgreesWithTheGeneralRule() {
        let addresses = [
            "jane@example.com", "Jane@example.com", "jane@EXAMPLE.com", " jane@example.com", "jane@example.com\t",
            "jane@example.com\r\n", "\njane@example.com", "JOSÉ@example.com", "josé@example.com", "İ@example.com",
            "a", "Z", "", " ", "@", "[@]^_`{|}~@x.example", "ß@example.com",
        ]
        for address in addresses {
            #expect(EmailAddress.key(address) == address.trimmingSpaces().lowercased(), "\(address)")
        }
    }

    @Test func inviteStatusKeepsUnknownValues() {
        #expect(InviteStatus(rawValue: "pending") == .pending)
        #expect(InviteStatus(rawValue: "revoked") == .unknown("revoked"))
        #expect(InviteStatus(rawValue: "revoked").rawValue == "revoked")
    }

    @Test func rfc3339TextWithAndWithoutFractions() {
        #expect(RFC3339Text.format(Date(timeIntervalSince1970: 1_781_255_643)) == "2026-06-12T09:14:03Z")
        #expect(RFC3339Text.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(
            RFC3339Text.format(Date(timeIntervalSince1970: 951_782_400.25), fractional: true)
                == "2000-02-29T00:00:00.250000Z")
        #expect(RFC3339Text.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }
}
