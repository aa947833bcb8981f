import Foundation
import NIOHTTP1
import ScimifyCore

/// API keys, workspaces and workspace members (Console organizations, spec §12-14): what a person holds beyond
/// their membership, read to offboard them completely. Keys can only be read and renamed or (de)activated.
extension AdminAPIClient {
    private static let apiKeys = "/v1/organizations/api_keys"
    private static let workspaces = "/v1/organizations/workspaces"

    /// Every API key matching the filters, paged to the end. Without `status`, each documented status is asked
    /// for in turn: whether an unfiltered listing includes archived or expired keys is UNVERIFIED (spec §14.2).
    public func listAPIKeys(createdByUserID: String? = nil, workspaceID: String? = nil, status: APIKey.Status? = nil)
        async throws -> Traced<[APIKey]>
    {
        var found: [APIKey] = []
        var seen = Set<String>()
        var requestID: String?
        for status in status.map({ [$0] }) ?? APIKey.Status.documented {
            var query = [("status", status.rawValue)]
            if let createdByUserID { query.append(("created_by_user_id", createdByUserID)) }
            if let workspaceID { query.append(("workspace_id", workspaceID)) }
            let page = try await listEvery(Self.apiKeys, query: query, endpoint: "GET /api_keys") {
                (wire: APIKeyWire) in try wire.apiKey()
            }
            requestID = requestID ?? page.requestID
            for key in page.value where seen.insert(key.id).inserted { found.append(key) }
        }
        return Traced(found, requestID: requestID)
    }

    /// `GET /v1/organizations/api_keys/{id}`.
    public func apiKey(id: String) async throws -> Traced<APIKey> {
        let endpoint = "GET /api_keys/{id}"
        let reply = try await send(.GET, "\(Self.apiKeys)/\(QueryString.component(id))", endpoint: endpoint)
        return Traced(try decode(APIKeyWire.self, from: reply, endpoint: endpoint).apiKey(), requestID: reply.requestID)
    }

    /// `POST /v1/organizations/api_keys/{id}` with a new name and/or status (`inactive` is the reversible stop).
    public func updateAPIKey(id: String, name: String? = nil, status: APIKey.Status? = nil) async throws
        -> Traced<APIKey>
    {
        var fields: [String: String] = [:]
        if let name { fields["name"] = name }
        if let status { fields["status"] = status.rawValue }
        let endpoint = "POST /api_keys/{id}"
        let reply = try await send(
            .POST, "\(Self.apiKeys)/\(QueryString.component(id))", body: try JSONEncoder().encode(fields),
            endpoint: endpoint)
        return Traced(try decode(APIKeyWire.self, from: reply, endpoint: endpoint).apiKey(), requestID: reply.requestID)
    }

    /// Every workspace (archived ones too when asked), paged to the end.
    public func listWorkspaces(includeArchived: Bool = true) async throws -> Traced<[Workspace]> {
        try await listEvery(
            Self.workspaces, query: [("include_archived", includeArchived ? "true" : "false")],
            endpoint: "GET /workspaces"
        ) { (wire: WorkspaceWire) in try wire.workspace() }
    }

    /// `GET /v1/organizations/workspaces/{id}`.
    public func workspace(id: String) async throws -> Traced<Workspace> {
        let endpoint = "GET /workspaces/{id}"
        let reply = try await send(.GET, "\(Self.workspaces)/\(QueryString.component(id))", endpoint: endpoint)
        return Traced(
            try decode(WorkspaceWire.self, from: reply, endpoint: endpoint).workspace(), requestID: reply.requestID)
    }

    /// The members of one workspace, paged to the end.
    public func listWorkspaceMembers(workspaceID: String) async throws -> Traced<[WorkspaceMember]> {
        try await listEvery(
            "\(Self.workspaces)/\(QueryString.component(workspaceID))/members", query: [],
            endpoint: "GET /workspaces/{id}/members"
        ) { (wire: WorkspaceMemberWire) in wire.member() }
    }

    /// `GET /v1/organizations/workspaces/{workspace_id}/members/{user_id}`.
    public func workspaceMember(workspaceID: String, userID: String) async throws -> Traced<WorkspaceMember> {
        let endpoint = "GET /workspaces/{id}/members/{user_id}"
        let path =
            "\(Self.workspaces)/\(QueryString.component(workspaceID))/members/\(QueryString.component(userID))"
        let reply = try await send(.GET, path, endpoint: endpoint)
        return Traced(
            try decode(WorkspaceMemberWire.self, from: reply, endpoint: endpoint).member(), requestID: reply.requestID)
    }

    /// Pages `path` with `after_id` to the end, de-duplicating by id and converting the records `keep` accepts.
    /// - Parameter pageSize: `limit` (default: the client's page size).
    func listEvery<Wire: PagedWire, Value>(
        _ path: String, query: [(String, String)], endpoint: String, pageSize: Int? = nil,
        keep: (Wire) -> Bool = { _ in true }, convert: (Wire) throws -> Value
    ) async throws -> Traced<[Value]> {
        var values: [Value] = []
        var seen = Set<String>()
        var cursor: String?
        var requestID: String?
        while true {
            var items = query + [("limit", String(pageSize ?? configuration.pageSize))]
            if let cursor { items.append(("after_id", cursor)) }
            let reply = try await send(.GET, path, query: items, endpoint: endpoint)
            requestID = requestID ?? reply.requestID
            let page = try decode(ListPageWire<Wire>.self, from: reply, endpoint: endpoint)
            for wire in page.data where seen.insert(wire.pageID).inserted && keep(wire) {
                values.append(try converted({ try convert(wire) }, reply: reply))
            }
            guard page.has_more == true, let last = page.last_id ?? page.data.last?.pageID, last != cursor else {
                return Traced(values, requestID: requestID)
            }
            cursor = last
        }
    }
}
