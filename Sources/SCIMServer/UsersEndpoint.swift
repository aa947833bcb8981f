import Foundation
import Hummingbird
import SCIMProtocol
import ScimifyCore
import ScimifyStore

/// `/Users` of one instance: reads come from the store (no upstream call), changes go through the
/// managed provisioner before they are stored, and a no-op update makes no upstream call.
struct UsersEndpoint {
    static let defaultPageSize = 100
    static let maximumPageSize = 200

    let database: ScimifyDatabase
    let runtime: InstanceRuntime
    /// The absolute SCIM base URL of this instance, for `meta.location` and `Location`.
    let baseURL: String
    let idpRequestID: String?

    private var instance: Instance { runtime.instance }
    private var lifecycle: UserLifecycle {
        UserLifecycle(provisioner: runtime.provisioner, actor: .init(name: "scim:\(instance.slug)", source: .scim, idpRequestID: idpRequestID))
    }

    // MARK: - Reads

    func list(_ query: SCIMQuery) throws(SCIMError) -> Response {
        let matches: [SCIMUserResource]
        if let filter = query.filter {
            let parsed = try SCIMFilter.parse(filter)
            if case .compare(let path, .eq, .string(let userName)) = parsed, path.name == "username", path.sub == nil {
                matches = try storeCall { try database.record(instanceID: instance.id, userName: userName) }.map { [resource($0)] } ?? []
            } else {
                matches = try storeCall { try database.orderedRecords(instanceID: instance.id) }.map(resource).filter { $0.matches(parsed) }
            }
        } else {
            matches = try storeCall { try database.orderedRecords(instanceID: instance.id) }.map(resource)
        }
        let start = max(query.startIndex ?? 1, 1)
        let count = min(max(query.count ?? Self.defaultPageSize, 0), Self.maximumPageSize)
        let page = start - 1 < matches.count ? Array(matches[(start - 1)...].prefix(count)) : []
        let rendered = page.map { render($0, query) }
        return SCIMResponses.json(SCIMResponses.listResponse(rendered, total: matches.count, startIndex: start))
    }

    func get(_ id: String, _ query: SCIMQuery) throws(SCIMError) -> Response {
        let found = try existing(id)
        return SCIMResponses.json(render(found, query), headers: [.eTag: found.etag])
    }

    // MARK: - Changes

    func create(_ body: JSONValue, _ query: SCIMQuery) async throws(SCIMError) -> Response {
        let user = try SCIMUser.from(body: body)
        let role = try UserLifecycle.role(of: user)
        if try storeCall({ try database.record(instanceID: instance.id, userName: user.userName) }) != nil {
            throw .uniqueness("userName \(SafeText.quoted(user.userName)) already exists")
        }
        let links = try await lifecycle.apply(old: nil, new: user, role: role, links: .none)
        let now = Date()
        var record = ScimRecord(
            id: UUID().uuidString.lowercased(), instanceID: instance.id, userName: user.userName, source: .scim,
            createdAt: now, updatedAt: now
        )
        fill(&record, user: user, role: role, links: links)
        try storeCall { try database.saveRecord(record) }
        let created = SCIMUserResource(id: record.id, user: user, created: now, lastModified: now, version: 1)
        let location = baseURL + "/Users/" + record.id
        return SCIMResponses.json(render(created, query), status: .created, headers: [.location: location, .eTag: created.etag])
    }

    func replace(_ id: String, _ body: JSONValue, _ query: SCIMQuery) async throws(SCIMError) -> Response {
        let record = try storedRecord(id)
        let current = resource(record)
        return try await update(record, current, to: SCIMUser.from(body: body, existing: current.user), query)
    }

    func patch(_ id: String, _ body: JSONValue, _ query: SCIMQuery) async throws(SCIMError) -> Response {
        let record = try storedRecord(id)
        let current = resource(record)
        return try await update(record, current, to: SCIMPatch.apply(body, to: current.user), query)
    }

    func delete(_ id: String) async throws(SCIMError) -> Response {
        let record = try storedRecord(id)
        let current = resource(record)
        if current.user.active {
            _ = try await lifecycle.apply(old: current.user, new: SCIMUser(userName: current.user.userName, active: false), role: nil, links: record.links)
        }
        try storeCall { try database.deleteRecord(instanceID: instance.id, id: id) }
        return SCIMResponses.noContent()
    }

    private func update(_ stored: ScimRecord, _ current: SCIMUserResource, to user: SCIMUser, _ query: SCIMQuery)
        async throws(SCIMError) -> Response
    {
        let role = try UserLifecycle.role(of: user)
        if EmailAddress.key(user.userName) != EmailAddress.key(current.user.userName),
            try storeCall({ try database.record(instanceID: instance.id, userName: user.userName) }) != nil
        {
            throw .uniqueness("userName \(SafeText.quoted(user.userName)) already exists")
        }
        var record = stored
        if user == current.user {
            return SCIMResponses.json(render(current, query), headers: [.eTag: current.etag])  // no-op: no upstream call
        }
        let links = try await lifecycle.apply(old: current.user, new: user, role: role, links: record.links)
        record.userName = user.userName
        record.updatedAt = Date()
        fill(&record, user: user, role: role, links: links)
        try storeCall { try database.saveRecord(record) }
        let updated = SCIMUserResource(id: record.id, user: user, created: record.createdAt, lastModified: record.updatedAt, version: record.version + 1)
        return SCIMResponses.json(render(updated, query), headers: [.eTag: updated.etag])
    }

    // MARK: - Records

    private func fill(_ record: inout ScimRecord, user: SCIMUser, role: ClaudeRole?, links: UserLifecycle.Links) {
        record.externalID = user.externalID
        record.givenName = user.givenName
        record.familyName = user.familyName
        record.displayName = user.displayName
        record.emails = user.emails.map(\.value)
        record.active = user.active
        record.requestedRole = role
        record.memberID = links.memberID
        record.inviteID = links.inviteID
        record.removedOutside = false
        record.resource = user.storageJSON()
    }

    private func storedRecord(_ id: String) throws(SCIMError) -> ScimRecord {
        guard let record = try storeCall({ try database.record(instanceID: instance.id, id: id) }) else {
            throw .notFound("no User with id \(SafeText.quoted(id, limit: 80))")
        }
        return record
    }

    private func existing(_ id: String) throws(SCIMError) -> SCIMUserResource { resource(try storedRecord(id)) }

    /// The stored representation; records imported by refresh (no SCIM body yet) are built from their columns.
    private func resource(_ record: ScimRecord) -> SCIMUserResource {
        var user = record.resource.flatMap(SCIMUser.fromStorage)
            ?? SCIMUser(
                userName: record.userName, externalID: record.externalID, givenName: record.givenName,
                familyName: record.familyName, displayName: record.displayName,
                emails: record.emails.enumerated().map { .init(value: $0.element, type: "work", primary: $0.offset == 0) },
                active: record.active, claudeRole: record.requestedRole?.rawValue
            )
        user.active = record.active && !record.removedOutside
        return SCIMUserResource(id: record.id, user: user, created: record.createdAt, lastModified: record.updatedAt, version: record.version)
    }

    private func render(_ resource: SCIMUserResource, _ query: SCIMQuery) -> JSONValue {
        resource.representation(location: baseURL + "/Users/" + resource.id, attributes: query.attributes, excludedAttributes: query.excludedAttributes)
    }

    private func storeCall<T>(_ body: () throws -> T) throws(SCIMError) -> T {
        do {
            return try body()
        } catch let error as StoreError where error.isDuplicate {
            throw .uniqueness("a User with this userName already exists")
        } catch {
            throw SCIMError(status: 503, detail: "the Scimify store is unavailable; try again", retryAfter: 5)
        }
    }
}

extension ScimRecord {
    var links: UserLifecycle.Links { .init(memberID: memberID, inviteID: inviteID) }
}
