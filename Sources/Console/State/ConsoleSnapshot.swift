import Foundation
import ScimifyCore

/// What the console shows of an instance, read from the store in one go (no upstream call).
public struct ConsoleSnapshot: Sendable {
    public var instance: Instance?
    public var organizationName: String?
    public var members: [Member]
    public var invites: [Invite]
    /// Email keys (``EmailAddress/key(_:)``) of people the IdP pushed (a SCIM request created or updated them).
    public var managedEmails: Set<String>
    /// Audit events, newest first.
    public var audit: [AuditEvent]
    public var instances: [Instance]
    public var lastRefresh: Date?
    /// Removals from the IdP held by the mass-removal guard (a red banner in the header).
    public var heldRemovals = 0
    /// Everything that needs an operator, newest first (the Problems view).
    public var problems: [Problem] = []
    /// Set when this is only the first screen of a large mirror (the full one follows): the totals.
    public var preview: (members: Int, pendingInvites: Int)?
    /// The request log of this instance and of no known instance, newest first (the Requests view).
    public var requests: [RequestRow] = []

    public init(
        instance: Instance?, organizationName: String? = nil, members: [Member] = [], invites: [Invite] = [],
        managedEmails: Set<String> = [], audit: [AuditEvent] = [], instances: [Instance] = [], lastRefresh: Date? = nil
    ) {
        self.instance = instance
        self.organizationName = organizationName
        self.members = members
        self.invites = invites
        self.managedEmails = managedEmails
        self.audit = audit
        self.instances = instances
        self.lastRefresh = lastRefresh
    }
}

/// The new instance an operator typed in the add dialog.
public struct NewInstance: Sendable, Equatable, CustomStringConvertible {
    public var name: String
    public var apiBaseURL: String
    public var apiKey: String

    public init(name: String, apiBaseURL: String, apiKey: String) {
        self.name = name
        self.apiBaseURL = apiBaseURL
        self.apiKey = apiKey
    }

    /// Name and URL; the key is never printed.
    public var description: String { "\(name) at \(apiBaseURL), key [redacted]" }
}
