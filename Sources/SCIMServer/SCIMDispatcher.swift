import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SCIMProtocol
import ScimifyCore
import ScimifyRuntime
import ScimifyStore

/// Authenticates a request for its instance and routes it by the path after `/scim/v2` (resource names are
/// case-insensitive and a trailing `/` is accepted).
struct SCIMDispatcher: Sendable {
    let server: SCIMServer

    func handle(_ request: Request, context: BasicRequestContext, components: [String]) async throws -> Response {
        let instance = try authenticate(request, slug: context.parameters.get("slug") ?? "")
        let parts = components.filter { !$0.isEmpty }
        let base = baseURL(request, slug: instance.slug)
        let method = request.method
        switch parts.first?.lowercased() {
        case "users":
            let runtime = try await runtime(instance)
            let endpoint = UsersEndpoint(
                runtime: runtime, baseURL: base,
                idpRequestID: request.headers[HTTPField.Name("x-request-id")!] ?? request.headers[HTTPField.Name("client-request-id")!]
            )
            let query = try SCIMQuery(request)
            switch (parts.count, method) {
            case (1, .get): return try endpoint.list(query)
            case (1, .post): return try await endpoint.create(try await body(request), query)
            case (2, _) where parts[1].lowercased() == ".search": throw SCIMError(status: 501, detail: "POST .search is not supported; use GET /Users?filter=")
            case (2, .get): return try endpoint.get(parts[1], query)
            case (2, .put): return try await endpoint.replace(parts[1], try await body(request), query)
            case (2, .patch): return try await endpoint.patch(parts[1], try await body(request), query)
            case (2, .delete): return try await endpoint.delete(parts[1])
            case (1, _): throw SCIMError(status: 405, detail: "\(method.rawValue) is not allowed here", allow: "GET, POST")
            case (2, _): throw SCIMError(status: 405, detail: "\(method.rawValue) is not allowed here", allow: "GET, PUT, PATCH, DELETE")
            default: throw SCIMError.notFound("no such resource")
            }
        case "serviceproviderconfig":
            try only(.get, method, parts.count == 1)
            return SCIMResponses.json(DiscoveryDocuments.serviceProviderConfig(base: base))
        case "resourcetypes":
            try only(.get, method, parts.count <= 2)
            if parts.count == 2 {
                guard parts[1].lowercased() == "user" else { throw SCIMError.notFound("no ResourceType \(parts[1].prefix(60))") }
                return SCIMResponses.json(DiscoveryDocuments.userResourceType(base: base))
            }
            return SCIMResponses.json(SCIMResponses.listResponse([DiscoveryDocuments.userResourceType(base: base)], total: 1, startIndex: 1))
        case "schemas":
            try only(.get, method, parts.count <= 2)
            let schemas = DiscoveryDocuments.schemas(base: base)
            if parts.count == 2 {
                guard let schema = schemas.first(where: { $0["id"]?.string?.lowercased() == parts[1].lowercased() }) else {
                    throw SCIMError.notFound("no Schema \(parts[1].prefix(100))")
                }
                return SCIMResponses.json(schema)
            }
            return SCIMResponses.json(SCIMResponses.listResponse(schemas, total: schemas.count, startIndex: 1))
        case "groups":
            if method == .get, parts.count == 1 { return SCIMResponses.json(SCIMResponses.listResponse([], total: 0, startIndex: 1)) }
            if method == .get { throw SCIMError.notFound("Groups are not supported") }
            throw SCIMError(status: 501, detail: "Groups are not supported; Scimify provisions Users only")
        case "bulk": throw SCIMError(status: 501, detail: "Bulk is not supported")
        case "me": throw SCIMError(status: 501, detail: "/Me is not supported")
        case ".search": throw SCIMError(status: 501, detail: "POST .search is not supported; use GET /Users?filter=")
        default: throw SCIMError.notFound("no such resource")
        }
    }

    /// The instance whose bearer token this is; a valid token of another instance is refused.
    private func authenticate(_ request: Request, slug: String) throws(SCIMError) -> Instance {
        let unauthorized = SCIMError(status: 401, detail: "a valid bearer token for this instance is required")
        guard var header = request.headers[.authorization]?.trimmingCharacters(in: .whitespaces), !header.isEmpty else {
            throw unauthorized
        }
        if header.lowercased().hasPrefix("bearer ") { header = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
        guard header.hasPrefix("scimify_"), header.count < 200 else { throw unauthorized }
        do {
            guard Instance.isValidSlug(slug), let instance = try server.authentication.instance(slug: slug, token: header) else {
                throw unauthorized
            }
            return instance
        } catch let error as SCIMError {
            throw error
        } catch {
            throw SCIMError(status: 503, detail: "the Scimify store is unavailable; try again", retryAfter: 5)
        }
    }

    private func runtime(_ instance: Instance) async throws(SCIMError) -> InstanceRuntime {
        do {
            return try await server.runtimes.runtime(for: instance)
        } catch {
            throw SCIMError(status: 503, detail: "instance \(instance.slug) cannot reach its Admin API key: \(error)", retryAfter: 30)
        }
    }

    private func body(_ request: Request) async throws(SCIMError) -> JSONValue {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: SCIMServer.maximumBodyBytes)
        } catch {
            throw SCIMError(status: 413, detail: "the request body is larger than 1 MiB")
        }
        return try JSONValue.parse(Data(buffer.readableBytesView))
    }

    private func only(_ allowed: HTTPRequest.Method, _ method: HTTPRequest.Method, _ known: Bool) throws(SCIMError) {
        guard known else { throw SCIMError.notFound("no such resource") }
        guard method == allowed else {
            throw SCIMError(status: 405, detail: "only \(allowed.rawValue) is allowed here", allow: allowed.rawValue)
        }
    }

    private func baseURL(_ request: Request, slug: String) -> String {
        let root = server.configuration.publicBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            ?? "http://\(request.head.authority ?? "\(server.configuration.host):\(server.configuration.port)")"
        return root + "/instances/\(slug)/scim/v2"
    }
}
