import Foundation

/// What a change that failed or was refused asked Claude for, kept with its audit row so an operator's retry
/// re-sends exactly that through the core (a failed push from the IdP during an outage is retried as the IdP
/// asked, never as a guess from the SCIM record, which the failure left as it was).
public struct RequestedChange: Sendable, Hashable, Codable {
    /// The call the change made.
    public enum Action: Sendable, Hashable, Codable {
        /// Invite (or find already a member / invited) with this role; `nil` is the default role.
        case provision(ClaudeRole?)
        /// Give this role: a member's update, a pending invite's cancel-and-reinvite, a missing invite sent.
        case setRole(ClaudeRole)
        /// Remove the member or cancel the pending invite.
        case remove
    }

    public var action: Action
    /// The change carried the person's SCIM record: a retry that is made saves the record as the IdP asked
    /// (active with the role, or inactive), so SCIM GET and the problems agree with Claude afterwards.
    public var updatesRecord: Bool

    public init(_ action: Action, updatesRecord: Bool) {
        self.action = action
        self.updatesRecord = updatesRecord
    }

    /// The stored form: `provision`, `provision:ROLE`, `role:ROLE` or `remove`, then `;record` when
    /// ``updatesRecord``.
    public var storedText: String {
        let verb: String
        switch action {
        case .provision(nil): verb = "provision"
        case .provision(let role?): verb = "provision:\(role.rawValue)"
        case .setRole(let role): verb = "role:\(role.rawValue)"
        case .remove: verb = "remove"
        }
        return updatesRecord ? verb + ";record" : verb
    }

    /// Reads ``storedText``; `nil` for anything else (a row of a newer version is not guessed at).
    public init?(storedText text: String) {
        var rest = Substring(text)
        let updatesRecord = rest.hasSuffix(";record")
        if updatesRecord { rest = rest.dropLast(";record".count) }
        let parts = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        // Only a role a change may ask for reads back (never admin, never an unknown word).
        let role = parts.count == 2 ? ClaudeRole.provisionable.first { $0.rawValue == parts[1] } : nil
        switch (parts.first, parts.count) {
        case ("provision", 1): self.init(.provision(nil), updatesRecord: updatesRecord)
        case ("provision", 2) where role != nil: self.init(.provision(role), updatesRecord: updatesRecord)
        case ("role", 2) where role != nil: self.init(.setRole(role!), updatesRecord: updatesRecord)
        case ("remove", 1): self.init(.remove, updatesRecord: updatesRecord)
        default: return nil
        }
    }

    /// The change in words, for messages and the audit log: "invite as developer", "remove".
    public var words: String {
        switch action {
        case .provision(let role): "invite as \(role ?? .default)"
        case .setRole(let role): "give the role \(role)"
        case .remove: "remove from Claude"
        }
    }

    /// `record` as the IdP asked for it with this change (a retry that is made saves it): active with the
    /// role, or inactive for a removal. Its other attributes are the ones stored.
    public func applied(to record: ScimRecord, at now: Date) -> ScimRecord {
        var record = record
        switch action {
        case .provision(let role):
            record.active = true
            if let role { record.requestedRole = role }
        case .setRole(let role):
            record.active = true
            record.requestedRole = role
        case .remove:
            record.active = false
        }
        record.removedOutside = false
        record.updatedAt = now
        return record
    }
}
