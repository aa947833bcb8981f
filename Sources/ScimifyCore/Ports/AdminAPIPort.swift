/// A value returned by the Admin API together with the `request-id` of the response that carried it.
public struct Traced<Value: Sendable>: Sendable {
    public var value: Value
    public var requestID: String?

    public init(_ value: Value, requestID: String?) {
        self.value = value
        self.requestID = requestID
    }
}

/// Progress of a paginated listing: pages fetched and rows seen so far.
public struct ListingProgress: Sendable, Equatable {
    public var pages: Int
    public var rows: Int
    /// The `request-id` of the page just fetched (refresh audits every page's).
    public var requestID: String?

    public init(pages: Int, rows: Int, requestID: String? = nil) {
        self.pages = pages
        self.rows = rows
        self.requestID = requestID
    }
}

/// The Admin API operations the provisioning core needs. ``ClaudeAdminAPI`` implements it over HTTP.
///
/// Methods throw ``ProvisioningError`` for every failure the API or the network reports, and let
/// `CancellationError` through untouched.
public protocol AdminAPIPort: Sendable {
    /// `GET /v1/organizations/me`: checks the credential and names the organization.
    func organization() async throws -> Traced<Organization>

    /// Every member, paging to the end and de-duplicated by id.
    /// - Parameters:
    ///   - progress: called after each page.
    ///   - pages: given each page's rows not seen on an earlier page, in order, as soon as they are decoded
    ///     (while the next page is fetched); their concatenation is the result.
    func listAllMembers(progress: (@Sendable (ListingProgress) -> Void)?, pages: (@Sendable ([Member]) -> Void)?)
        async throws -> [Member]

    /// Every invite the API lists (pending, accepted, expired), paging to the end and de-duplicated by id.
    /// - Parameters: as ``listAllMembers(progress:pages:)``.
    func listAllInvites(progress: (@Sendable (ListingProgress) -> Void)?, pages: (@Sendable ([Invite]) -> Void)?)
        async throws -> [Invite]

    /// The member whose email matches case-insensitively, if any.
    func findMember(email: String) async throws -> Traced<Member?>

    /// Every listed invite whose email matches case-insensitively, newest first.
    func findInvites(email: String) async throws -> Traced<[Invite]>

    /// `POST /v1/organizations/users/{id}` with a new role.
    func updateMemberRole(memberID: String, role: ClaudeRole) async throws -> Traced<Member>

    /// `DELETE /v1/organizations/users/{id}`.
    func removeMember(memberID: String) async throws -> Traced<Void>

    /// `POST /v1/organizations/invites`.
    func createInvite(email: String, role: ClaudeRole) async throws -> Traced<Invite>

    /// `DELETE /v1/organizations/invites/{id}`.
    func deleteInvite(inviteID: String) async throws -> Traced<Void>
}

extension AdminAPIPort {
    /// ``listAllMembers(progress:pages:)`` without the pages.
    public func listAllMembers(progress: (@Sendable (ListingProgress) -> Void)?) async throws -> [Member] {
        try await listAllMembers(progress: progress, pages: nil)
    }

    /// ``listAllInvites(progress:pages:)`` without the pages.
    public func listAllInvites(progress: (@Sendable (ListingProgress) -> Void)?) async throws -> [Invite] {
        try await listAllInvites(progress: progress, pages: nil)
    }
}
