import Foundation

/// What the identity provider provisioned (or what a refresh imported), and the member or invite it maps to.
public struct ScimRecord: Hashable, Sendable, Codable {
    /// Where the record came from.
    public enum Source: String, Sendable, Codable {
        case scim, `import`, cli, console
    }

    /// Stable SCIM id (a UUID); never changes once created.
    public var id: String
    public var instanceID: Int64
    public var userName: String
    public var externalID: String?
    public var givenName: String?
    public var familyName: String?
    public var displayName: String?
    public var emails: [String]
    public var active: Bool
    /// The role the IdP (or an operator) asked for; `nil` when never given.
    public var requestedRole: ClaudeRole?
    public var memberID: String?
    public var inviteID: String?
    /// Set when a refresh found the member gone without Scimify removing it.
    public var removedOutside: Bool
    public var source: Source
    public var createdAt: Date
    public var updatedAt: Date
    /// Incremented on every change; the SCIM ETag.
    public var version: Int
    /// The last accepted SCIM representation, as JSON the SCIM server owns (the store keeps it opaque).
    public var resource: String?
    /// The address invited for this record when it is not `userName` (a SCIM userName need not be an email).
    public var provisionedEmail: String?
    /// When a SCIM request last created or updated this record: set, the IdP manages this person; unset, the
    /// record was imported by refresh (or made by an operator) and no IdP has claimed it yet.
    public var pushedByIdPAt: Date?

    /// The address Claude knows this person by.
    public var email: String { provisionedEmail ?? userName }

    public init(
        id: String,
        instanceID: Int64,
        userName: String,
        externalID: String? = nil,
        givenName: String? = nil,
        familyName: String? = nil,
        displayName: String? = nil,
        emails: [String] = [],
        active: Bool = true,
        requestedRole: ClaudeRole? = nil,
        memberID: String? = nil,
        inviteID: String? = nil,
        removedOutside: Bool = false,
        source: Source,
        createdAt: Date,
        updatedAt: Date,
        version: Int = 1,
        resource: String? = nil,
        provisionedEmail: String? = nil,
        pushedByIdPAt: Date? = nil
    ) {
        self.resource = resource
        self.provisionedEmail = provisionedEmail
        self.pushedByIdPAt = pushedByIdPAt
        self.id = id
        self.instanceID = instanceID
        self.userName = userName
        self.externalID = externalID
        self.givenName = givenName
        self.familyName = familyName
        self.displayName = displayName
        self.emails = emails
        self.active = active
        self.requestedRole = requestedRole
        self.memberID = memberID
        self.inviteID = inviteID
        self.removedOutside = removedOutside
        self.source = source
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.version = version
    }
}
