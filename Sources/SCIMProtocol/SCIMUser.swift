/// The attributes of a SCIM User that Scimify stores and returns (RFC 7643 §4.1 subset plus `claude_role`).
public struct SCIMUser: Sendable, Equatable, Codable {
    /// One entry of `emails`.
    public struct Email: Sendable, Equatable, Codable {
        public var value: String
        public var type: String?
        public var primary: Bool

        public init(value: String, type: String? = nil, primary: Bool = false) {
            self.value = value
            self.type = type
            self.primary = primary
        }
    }

    public var userName: String
    public var externalID: String?
    public var givenName: String?
    public var familyName: String?
    public var formattedName: String?
    public var displayName: String?
    public var emails: [Email]
    public var active: Bool
    /// The `claude_role` extension value as sent; `nil` when absent or cleared.
    public var claudeRole: String?

    public init(
        userName: String,
        externalID: String? = nil,
        givenName: String? = nil,
        familyName: String? = nil,
        formattedName: String? = nil,
        displayName: String? = nil,
        emails: [Email] = [],
        active: Bool = true,
        claudeRole: String? = nil
    ) {
        self.userName = userName
        self.externalID = externalID
        self.givenName = givenName
        self.familyName = familyName
        self.formattedName = formattedName
        self.displayName = displayName
        self.emails = emails
        self.active = active
        self.claudeRole = claudeRole
    }

    /// The address to invite: the primary email, else the work email, else the first, else the userName
    /// when it looks like an address; `nil` when there is none yet.
    public var provisioningEmail: String? {
        let candidates = [
            emails.first(where: \.primary), emails.first { $0.type?.lowercased() == "work" }, emails.first,
        ]
        for case let email? in candidates where email.value.contains("@") { return email.value }
        return userName.contains("@") ? userName : nil
    }
}
