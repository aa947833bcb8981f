import Foundation
import Hummingbird
import Logging
import SCIMProtocol
import ScimifyCore
import ScimifyRuntime
import ScimifyStorage

/// `/Users` of one instance: reads come from the store (no upstream call) and render the role Claude has
/// (the mirror, kept current by every path); changes go through the managed provisioner, whose recorder saves
/// the record with the audit row and the mirror in one transaction.
struct UsersEndpoint {
    static let defaultPageSize = 100
    static let maximumPageSize = 200

    let runtime: InstanceRuntime
    /// The absolute SCIM base URL of this instance, for `meta.location` and `Location`.
    let baseURL: String
    let idpRequestID: String?
    let logger: Logger

    private var store: any StorePort { runtime.store }
    private var instance: Instance { runtime.instance }
    private var lifecycle: UserLifecycle {
        UserLifecycle(
            provisioner: runtime.provisioner,
            actor: .init(name: "scim:\(instance.slug)", source: .scim, idpRequestID: idpRequestID),
            logger: logger,
            beforeRemoval: { [runtime, idpRequestID] email in
                await runtime.offboardKeysBeforeRemoval(
                    email: email,
                    actor: .init(name: "scim:\(runtime.instance.slug)", source: .scim, idpRequestID: idpRequestID))
            })
    }

    // MARK: - Reads

    func list(_ query: SCIMQuery) async throws(SCIMError) -> Response {
        let records: [ScimRecord]
        var parsed: SCIMFilter?
        // The `userName eq` hot path reads the record and Claude's state in one read.
        var people: [String: MirroredPerson]?
        if let filter = query.filter {
            parsed = try SCIMFilter.parse(filter)
            if case .compare(let path, .eq, .string(let userName))? = parsed, path.name == "username", path.sub == nil {
                let found = try await storeCall {
                    try await store.recordWithClaudeState(instanceID: instance.id, userName: userName, now: Date())
                }
                records = found.map { [$0.record] } ?? []
                people = found.map { found in found.claude.map { [EmailAddress.key(found.record.email): $0] } ?? [:] }
                parsed = nil
            } else {
                records = try await storeCall { try await store.orderedRecords(instanceID: instance.id) }
            }
        } else {
            records = try await storeCall { try await store.orderedRecords(instanceID: instance.id) }
        }
        var matches = records
        if let parsed { matches = matches.filter { resource($0, claude: nil).matches(parsed) } }
        let start = max(query.startIndex ?? 1, 1)
        let count = min(max(query.count ?? Self.defaultPageSize, 0), Self.maximumPageSize)
        let page = start - 1 < matches.count ? Array(matches[(start - 1)...].prefix(count)) : []
        // Claude's roles for the page only: one indexed lookup per listed person, never the whole mirror.
        var claude = people ?? [:]
        if people == nil {
            claude = try await storeCall {
                try await store.mirroredPeople(instanceID: instance.id, emails: page.map(\.email), now: Date())
            }
        }
        let rendered = page.map { render(resource($0, claude: claude), query) }
        return SCIMResponses.json(SCIMResponses.listResponse(rendered, total: matches.count, startIndex: start))
    }

    func get(_ id: String, _ query: SCIMQuery) async throws(SCIMError) -> Response {
        let found = try await current(await storedRecord(id))
        return SCIMResponses.json(render(found, query), headers: [.eTag: found.etag])
    }

    // MARK: - Changes

    func create(_ body: JSONValue, _ query: SCIMQuery) async throws(SCIMError) -> Response {
        let user = try SCIMUser.from(body: body)
        let role = try await lifecycle.role(of: user, action: "scim.create")
        if try await storeCall({ try await store.record(instanceID: instance.id, userName: user.userName) }) != nil {
            throw .uniqueness("userName \(SafeText.quoted(user.userName)) already exists")
        }
        let now = Date()
        var record = ScimRecord(
            id: UUID().uuidString.lowercased(), instanceID: instance.id, userName: user.userName, source: .scim,
            createdAt: now, updatedAt: now
        )
        fill(&record, user: user, role: role, at: now)
        try await lifecycle.apply(old: nil, new: user, role: role, record: record)
        let created = try await current(await storedRecord(record.id))
        let location = baseURL + "/Users/" + record.id
        return SCIMResponses.json(
            render(created, query), status: .created, headers: [.location: location, .eTag: created.etag])
    }

    func replace(_ id: String, _ body: JSONValue, _ query: SCIMQuery) async throws(SCIMError) -> Response {
        let record = try await storedRecord(id)
        let current = resource(record, claude: nil)
        return try await update(record, current, to: SCIMUser.from(body: body, existing: current.user), query)
    }

    func patch(_ id: String, _ body: JSONValue, _ query: SCIMQuery) async throws(SCIMError) -> Response {
        let record = try await storedRecord(id)
        let current = resource(record, claude: nil)
        return try await update(record, current, to: SCIMPatch.apply(body, to: current.user), query)
    }

    func delete(_ id: String) async throws(SCIMError) -> Response {
        let record = try await storedRecord(id)
        let current = resource(record, claude: nil)
        var inactive = record
        inactive.active = false
        inactive.pushedByIdPAt = Date()
        if current.user.active {
            try await lifecycle.apply(
                old: current.user, new: SCIMUser(userName: current.user.userName, active: false), role: nil,
                record: inactive)
        }
        let lifecycle = lifecycle
        try await storeCall { try await lifecycle.provisioner.forgetRecord(inactive, actor: lifecycle.actor) }
        return SCIMResponses.noContent()
    }

    private func update(_ stored: ScimRecord, _ current: SCIMUserResource, to user: SCIMUser, _ query: SCIMQuery)
        async throws(SCIMError) -> Response
    {
        let role = try await lifecycle.role(of: user, action: "scim.update")
        if EmailAddress.key(user.userName) != EmailAddress.key(current.user.userName),
            try await storeCall({ try await store.record(instanceID: instance.id, userName: user.userName) }) != nil
        {
            throw .uniqueness("userName \(SafeText.quoted(user.userName)) already exists")
        }
        var record = stored
        let now = Date()
        record.userName = user.userName
        fill(&record, user: user, role: role, at: now)
        // Even an update equal to the stored one is checked against Claude: the stored value may be stale.
        try await lifecycle.apply(old: current.user, new: user, role: role, record: record)
        let updated = try await self.current(await storedRecord(record.id))
        return SCIMResponses.json(render(updated, query), headers: [.eTag: updated.etag])
    }

    // MARK: - Records

    private func fill(_ record: inout ScimRecord, user: SCIMUser, role: ClaudeRole?, at now: Date) {
        record.externalID = user.externalID
        record.givenName = user.givenName
        record.familyName = user.familyName
        record.displayName = user.displayName
        record.emails = user.emails.map(\.value)
        record.active = user.active
        record.requestedRole = role
        record.removedOutside = false
        record.resource = user.storageJSON()
        let email = user.provisioningEmail
        record.provisionedEmail = email.flatMap { EmailAddress.key($0) == EmailAddress.key(user.userName) ? nil : $0 }
        record.pushedByIdPAt = now
        record.updatedAt = now
    }

    private func storedRecord(_ id: String) async throws(SCIMError) -> ScimRecord {
        guard let record = try await storeCall({ try await store.record(instanceID: instance.id, id: id) }) else {
            throw .notFound("no User with id \(SafeText.quoted(id, limit: 80))")
        }
        return record
    }

    /// The record as the IdP should see it now: its attributes, with the role Claude has.
    private func current(_ record: ScimRecord) async throws(SCIMError) -> SCIMUserResource {
        let person = try await storeCall {
            try await store.claudeState(instanceID: instance.id, email: record.email, now: Date())
        }
        return resource(record, claude: person.map { [EmailAddress.key(record.email): $0] })
    }

    /// The stored representation; records imported by refresh (no SCIM body yet) are built from their columns,
    /// with the name parts Okta's import requires derived from Claude's name (``DerivedNameParts``).
    /// With `claude`, `claude_role` is the role Claude has (the mirror), not the last value the IdP sent.
    private func resource(_ record: ScimRecord, claude: [String: MirroredPerson]?) -> SCIMUserResource {
        var user =
            record.resource.flatMap(SCIMUser.fromStorage)
            ?? importedUser(record)
        user.active = record.active && !record.removedOutside
        if user.active, let person = claude?[EmailAddress.key(record.email)] { user.claudeRole = person.role.rawValue }
        return SCIMUserResource(
            id: record.id, user: user, created: record.createdAt, lastModified: record.updatedAt,
            version: record.version)
    }

    private func importedUser(_ record: ScimRecord) -> SCIMUser {
        let derived = DerivedNameParts(name: record.displayName, email: record.email)
        return SCIMUser(
            userName: record.userName, externalID: record.externalID,
            givenName: record.givenName ?? derived.givenName, familyName: record.familyName ?? derived.familyName,
            displayName: record.displayName,
            emails: record.emails.enumerated().map {
                .init(value: $0.element, type: "work", primary: $0.offset == 0)
            },
            active: record.active, claudeRole: record.requestedRole?.rawValue
        )
    }

    private func render(_ resource: SCIMUserResource, _ query: SCIMQuery) -> JSONValue {
        resource.representation(
            location: baseURL + "/Users/" + resource.id, attributes: query.attributes,
            excludedAttributes: query.excludedAttributes)
    }

    private func storeCall<T>(_ body: () async throws -> T) async throws(SCIMError) -> T {
        do {
            return try await body()
        } catch let error as StoreError where error.isDuplicate {
            throw .uniqueness("a User with this userName already exists")
        } catch {
            throw SCIMError(status: 503, detail: "the Scimify store is unavailable; try again", retryAfter: 5)
        }
    }
}
