import Foundation
import NIOCore
import NIOHTTP1
import ScimifyCore

extension AdminAPIClient {
    private static let users = "/v1/organizations/users"
    private static let invites = "/v1/organizations/invites"

    public func organization() async throws -> Traced<Organization> {
        let reply = try await send(.GET, "/v1/organizations/me", endpoint: "GET /me")
        let wire = try decode(OrganizationWire.self, from: reply, endpoint: "GET /me")
        return Traced(Organization(id: wire.id, name: wire.name ?? ""), requestID: reply.requestID)
    }

    public func listAllMembers(
        progress: (@Sendable (ListingProgress) -> Void)?, pages: (@Sendable ([Member]) -> Void)?
    ) async throws -> [Member] {
        try await listAll(
            Self.users, endpoint: "GET /users", progress: progress, pages: pages, read: ListPage.members(in:))
    }

    public func listAllInvites(
        progress: (@Sendable (ListingProgress) -> Void)?, pages: (@Sendable ([Invite]) -> Void)?
    ) async throws -> [Invite] {
        try await listAll(
            Self.invites, endpoint: "GET /invites", progress: progress, pages: pages, read: ListPage.invites(in:))
    }

    public func findMember(email: String) async throws -> Traced<Member?> {
        let found = try await lookup(Self.users, email: email, endpoint: "GET /users") { (wire: UserWire) in
            try wire.member()
        }
        return Traced(found.value.first, requestID: found.requestID)
    }

    public func findInvites(email: String) async throws -> Traced<[Invite]> {
        try await lookup(Self.invites, email: email, endpoint: "GET /invites") { (wire: InviteWire) in
            try wire.invite()
        }
    }

    /// `GET /v1/organizations/users/{id}`.
    public func member(id: String) async throws -> Traced<Member> {
        let reply = try await send(.GET, "\(Self.users)/\(QueryString.component(id))", endpoint: "GET /users/{id}")
        let wire = try decode(UserWire.self, from: reply, endpoint: "GET /users/{id}")
        return Traced(try converted(wire.member, reply: reply), requestID: reply.requestID)
    }

    /// `GET /v1/organizations/invites/{id}`.
    public func invite(id: String) async throws -> Traced<Invite> {
        let reply = try await send(.GET, "\(Self.invites)/\(QueryString.component(id))", endpoint: "GET /invites/{id}")
        let wire = try decode(InviteWire.self, from: reply, endpoint: "GET /invites/{id}")
        return Traced(try converted(wire.invite, reply: reply), requestID: reply.requestID)
    }

    public func updateMemberRole(memberID: String, role: ClaudeRole) async throws -> Traced<Member> {
        let body = try JSONEncoder().encode(["role": role.rawValue])
        let endpoint = "POST /users/{id}"
        let reply = try await send(
            .POST, "\(Self.users)/\(QueryString.component(memberID))", body: body, endpoint: endpoint)
        let wire = try decode(UserWire.self, from: reply, endpoint: endpoint)
        return Traced(try converted(wire.member, reply: reply), requestID: reply.requestID)
    }

    public func removeMember(memberID: String) async throws -> Traced<Void> {
        let reply = try await send(
            .DELETE, "\(Self.users)/\(QueryString.component(memberID))", endpoint: "DELETE /users/{id}")
        return Traced((), requestID: reply.requestID)
    }

    public func createInvite(email: String, role: ClaudeRole) async throws -> Traced<Invite> {
        let body = try JSONEncoder().encode(["email": email, "role": role.rawValue])
        let reply = try await send(.POST, Self.invites, body: body, endpoint: "POST /invites")
        let wire = try decode(InviteWire.self, from: reply, endpoint: "POST /invites")
        return Traced(try converted(wire.invite, reply: reply), requestID: reply.requestID)
    }

    public func deleteInvite(inviteID: String) async throws -> Traced<Void> {
        let path = "\(Self.invites)/\(QueryString.component(inviteID))"
        let reply = try await send(.DELETE, path, endpoint: "DELETE /invites/{id}")
        return Traced((), requestID: reply.requestID)
    }

    /// Pages with `after_id` to the end, de-duplicating by id (a cursor scan may see a row twice).
    ///
    /// Each page is read by `read` (``ListPage``): the fast reader first, `JSONDecoder` for a page it cannot read.
    func listAll<Value>(
        _ path: String,
        endpoint: String,
        progress: (@Sendable (ListingProgress) -> Void)?,
        pages: (@Sendable ([Value]) -> Void)? = nil,
        read: (ByteBuffer) throws(ListPage<Value>.ReadError) -> ListPage<Value>
    ) async throws -> [Value] {
        var seen = Set<String>()
        var values: [Value] = []
        var pageCount = 0
        var cursor: String?
        var reply = try await fetchPage(path, after: nil, endpoint: endpoint)
        while true {
            // Start the next page while this one decodes; the decoded cursor confirms the guess.
            let guess = reply.body.withUnsafeReadableBytes { PageParser.speculativeCursor($0) }
            let skipPrefetch = guess == nil || guess == cursor
            async let prefetched = prefetchPage(path, after: guess, endpoint: endpoint, skip: skipPrefetch)
            let page = try readPage(reply, endpoint: endpoint, read: read)
            let before = values.count
            for entry in page.entries where seen.insert(entry.id).inserted {
                values.append(entry.value)
            }
            pageCount += 1
            progress?(ListingProgress(pages: pageCount, rows: values.count, requestID: reply.requestID))
            pages?(Array(values[before...]))
            guard page.hasMore == true, let last = page.lastID ?? page.entries.last?.id, !page.entries.isEmpty,
                last != cursor
            else { return values }
            cursor = last
            if last == guess, let next = try await prefetched {
                reply = next
            } else {
                reply = try await fetchPage(path, after: last, endpoint: endpoint)
            }
        }
    }

    /// One page request; `skip` returns `nil` without a request (no speculative cursor).
    private func prefetchPage(_ path: String, after cursor: String?, endpoint: String, skip: Bool) async throws
        -> Reply?
    {
        if skip { return nil }
        return try await fetchPage(path, after: cursor, endpoint: endpoint)
    }

    private func fetchPage(_ path: String, after cursor: String?, endpoint: String) async throws -> Reply {
        var items = [("limit", String(configuration.pageSize))]
        if let cursor { items.append(("after_id", cursor)) }
        return try await send(.GET, path, query: items, endpoint: endpoint)
    }

    /// Reads one page, naming the endpoint and the request-id when it cannot be read.
    private func readPage<Value>(
        _ reply: Reply, endpoint: String, read: (ByteBuffer) throws(ListPage<Value>.ReadError) -> ListPage<Value>
    ) throws -> ListPage<Value> {
        do {
            return try read(reply.body)
        } catch {
            let message =
                switch error {
                case .envelope(let reason):
                    "the Admin API sent a response to \(endpoint) that Scimify cannot read (\(reason))"
                case .value(let reason): "the Admin API sent a value Scimify cannot read: \(reason)"
                }
            throw ProvisioningError(
                kind: .invalidResponse, message: message, requestID: reply.requestID, httpStatus: reply.status)
        }
    }

    /// Looks an email up with the API's `email` filter and keeps exact (case-insensitive) matches only: the API
    /// tolerates variants such as plus-addressing, and a server that ignores the filter is paged to the end.
    private func lookup<Wire: IdentifiedWire & PagedWire, Value>(
        _ path: String,
        email: String,
        endpoint: String,
        convert: (Wire) throws -> Value
    ) async throws -> Traced<[Value]> {
        let key = EmailAddress.key(email)
        return try await listEvery(
            path, query: [("email", email)], endpoint: endpoint, pageSize: 100,
            keep: { EmailAddress.key($0.email) == key }, convert: convert)
    }

    func converted<Value>(_ convert: () throws -> Value, reply: Reply) throws -> Value {
        do {
            return try convert()
        } catch {
            throw ProvisioningError(
                kind: .invalidResponse,
                message: "the Admin API sent a value Scimify cannot read: \(error)",
                requestID: reply.requestID,
                httpStatus: reply.status
            )
        }
    }
}

/// Wire records that carry an `id` and an `email`.
protocol IdentifiedWire {
    var id: String { get }
    var email: String { get }
}

extension UserWire: IdentifiedWire, PagedWire {
    var pageID: String { id }
}
extension InviteWire: IdentifiedWire, PagedWire {
    var pageID: String { id }
}
