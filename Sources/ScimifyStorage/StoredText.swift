import Foundation
import ScimifyCore

/// The one rule for text a store keeps, both drivers alike:
/// - NUL (U+0000) is written as U+FFFD everywhere: PostgreSQL text cannot hold it and C APIs cut strings at it,
///   so a hostile name from the IdP never fails a write (an outcome already applied in Claude must keep its
///   audit row) and never reads back shorter than written.
/// - Other control characters and escape sequences are kept as data: they are neutralised where text is shown
///   (``ScimifyCore/SafeText``), never where it is stored, so the audit log says exactly what arrived.
/// - Audit fields are capped (``AuditCaps``), so a huge string cannot grow the log without bound.
package enum StoredText {
    /// `text` with every NUL written as U+FFFD.
    package static func storable(_ text: String) -> String {
        guard text.utf8.contains(0) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\u{0}" ? "\u{FFFD}" : $0 }))
    }

    /// The key a store files and finds an email (or userName) under: ``ScimifyCore/EmailAddress/key(_:)`` of its
    /// storable form, so a lookup with a hostile value finds what a write with it stored, on either driver.
    package static func key(_ email: String) -> String { EmailAddress.key(storable(email)) }

    /// ``storable(_:)`` of `text` cut to at most `limit` characters.
    package static func storable(_ text: String, limit: Int) -> String {
        storable(text.count > limit ? String(text.prefix(limit)) : text)
    }

    /// A record as both stores keep it: its text fields ``storable(_:)``.
    package static func storable(_ record: ScimRecord) -> ScimRecord {
        var record = record
        record.userName = storable(record.userName)
        record.externalID = record.externalID.map { storable($0) }
        record.givenName = record.givenName.map { storable($0) }
        record.familyName = record.familyName.map { storable($0) }
        record.displayName = record.displayName.map { storable($0) }
        record.emails = record.emails.map { storable($0) }
        record.resource = record.resource.map { storable($0) }
        record.provisionedEmail = record.provisionedEmail.map { storable($0) }
        return record
    }
}

/// The most characters each audit field keeps (the rest is cut, never the row).
package enum AuditCaps {
    package static let actor = 200
    package static let action = 200
    package static let slug = 200
    package static let targetEmail = 320
    package static let requestID = 200
    package static let detail = 2000
    package static let idpRequestID = 200
    package static let batchID = 64

    /// `event` as both stores write it: every text field capped and ``StoredText/storable(_:)``.
    package static func storable(_ event: AuditEvent) -> AuditEvent {
        var event = event
        event.instanceSlug = event.instanceSlug.map { StoredText.storable($0, limit: slug) }
        event.actor = StoredText.storable(event.actor, limit: actor)
        event.action = StoredText.storable(event.action, limit: action)
        event.targetEmail = event.targetEmail.map { StoredText.storable($0, limit: targetEmail) }
        // A request id never holds a comma (SQLite joins them with one): a hostile one is cut there; an empty
        // one is dropped (a joined list could not tell it from none).
        event.requestIDs = event.requestIDs.map {
            StoredText.storable(String($0.prefix { $0 != "," }), limit: requestID)
        }.filter { !$0.isEmpty }
        event.detail = StoredText.storable(event.detail, limit: detail)
        event.idpRequestID = event.idpRequestID.map { StoredText.storable($0, limit: idpRequestID) }
        event.batchID = event.batchID.map { StoredText.storable($0, limit: batchID) }
        return event
    }
}
