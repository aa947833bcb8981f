import Foundation
import ScimifyCore

/// How both stores keep an intent: its state's name, its request ids as one text, and the rule that every
/// change to an intent row names the instance it belongs to (an id from one instance never touches another's
/// row). Listings are oldest first, ties by id.
package enum IntentRow {
    /// The `state` column.
    package enum State: String, Sendable, CaseIterable {
        /// Between its steps (a crash left it, or it is running): the resume finishes it.
        case open
        /// Refused by a rule or a non-retryable error: kept for an operator, never replayed.
        case needsAttention = "needs_attention"
    }

    /// The `request_ids` column: the ids joined by commas (an id holds none), empty ones dropped.
    package static func encode(requestIDs: [String]) -> String {
        requestIDs.map { String($0.prefix { $0 != "," }) }.filter { !$0.isEmpty }.joined(separator: ",")
    }

    /// One step's id as the `request_ids` column appends it (after a comma when the column holds any): both
    /// drivers append with `CASE WHEN request_ids = '' THEN id ELSE request_ids || ',' || id END`, on an open
    /// intent of the instance only. `nil` for an id that would store nothing.
    package static func step(_ requestID: String) -> String? {
        let encoded = encode(requestIDs: [requestID])
        return encoded.isEmpty ? nil : encoded
    }

    /// The ids of a `request_ids` column.
    package static func decode(requestIDs: String) -> [String] {
        requestIDs.split(separator: ",").map(String.init)
    }

    /// An intent read back from its columns.
    package static func attentionIntent(
        id: String, email: String, oldInviteID: String, oldRole: String, newRole: String, createdAt: Double,
        generation: Int, reason: String?, requestIDs: String, stateAt: Double?
    ) -> AttentionIntent {
        var intent = ReinviteIntent(
            id: id, email: email, oldInviteID: oldInviteID, oldRole: ClaudeRole(rawValue: oldRole),
            newRole: ClaudeRole(rawValue: newRole), createdAt: Date(timeIntervalSince1970: createdAt),
            generation: generation)
        intent.stepRequestIDs = decode(requestIDs: requestIDs)
        return AttentionIntent(
            intent: intent, reason: reason ?? "", requestIDs: decode(requestIDs: requestIDs),
            since: stateAt.map(Date.init(timeIntervalSince1970:)) ?? intent.createdAt)
    }
}
