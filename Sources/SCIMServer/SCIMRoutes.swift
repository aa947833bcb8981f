import HTTPTypes
import Hummingbird
import SCIMProtocol

/// The SCIM routes of every instance under `/instances/:slug/scim/v2` (resource names case-insensitive, a
/// trailing `/` accepted): authentication as middleware, the Users controller, the discovery documents, and
/// the documented refusals (Groups, Bulk, /Me, root .search). A wrong method answers 405 with `Allow`.
enum SCIMRoutes {
    static let methods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]

    static func add(to router: Router<SCIMRequestContext>, server: SCIMServer) {
        let scim = router.group("/instances/:slug/scim/v2").add(middleware: SCIMAuthentication(server: server))
        UsersController().addRoutes(to: scim.group("Users"))
        addDiscovery(to: scim)
        scim.get("Groups") { _, _ in SCIMResponses.json(SCIMResponses.listResponse([], total: 0, startIndex: 1)) }
        scim.get("Groups/:id") { _, _ -> Response in throw SCIMError.notFound("Groups are not supported") }
        for path: RouterPath in ["Groups", "Groups/:id"] {
            for method in methods where method != .get {
                scim.on(path, method: method) { _, _ -> Response in
                    throw SCIMError(status: 501, detail: "Groups are not supported; Scimify provisions Users only")
                }
            }
        }
        notImplemented("Bulk", "Bulk is not supported", in: scim)
        notImplemented("Me", "/Me is not supported", in: scim)
        notImplemented(".search", "POST .search is not supported; use GET /Users?filter=", in: scim)
    }

    private static func addDiscovery(to scim: RouterGroup<SCIMRequestContext>) {
        scim.get("ServiceProviderConfig") { _, context in
            SCIMResponses.json(DiscoveryDocuments.serviceProviderConfig(base: context.baseURL))
        }
        scim.get("ResourceTypes") { _, context in
            SCIMResponses.json(
                SCIMResponses.listResponse(
                    [DiscoveryDocuments.userResourceType(base: context.baseURL)], total: 1, startIndex: 1))
        }
        scim.get("ResourceTypes/:name") { _, context in
            let name = context.parameters.get("name") ?? ""
            guard name.lowercased() == "user" else { throw SCIMError.notFound("no ResourceType \(name.prefix(60))") }
            return SCIMResponses.json(DiscoveryDocuments.userResourceType(base: context.baseURL))
        }
        scim.get("Schemas") { _, context in
            let schemas = DiscoveryDocuments.schemas(base: context.baseURL)
            return SCIMResponses.json(SCIMResponses.listResponse(schemas, total: schemas.count, startIndex: 1))
        }
        scim.get("Schemas/:id") { _, context in
            let id = (context.parameters.get("id") ?? "").lowercased()
            guard
                let schema = DiscoveryDocuments.schemas(base: context.baseURL).first(where: {
                    $0["id"]?.string?.lowercased() == id
                })
            else {
                throw SCIMError.notFound("no Schema \(id.prefix(100))")
            }
            return SCIMResponses.json(schema)
        }
        for path: RouterPath in [
            "ServiceProviderConfig", "ResourceTypes", "ResourceTypes/:name", "Schemas", "Schemas/:id",
        ] {
            refuseOtherMethods(than: [.get], at: path, in: scim)
        }
    }

    /// Answers every method but `allowed` at `path` with 405 and its `Allow` header.
    static func refuseOtherMethods(
        than allowed: [HTTPRequest.Method], at path: RouterPath, in group: RouterGroup<SCIMRequestContext>
    ) {
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        for method in methods where !allowed.contains(method) {
            group.on(path, method: method) { _, _ -> Response in
                throw SCIMError(status: 405, detail: "\(method.rawValue) is not allowed here", allow: allow)
            }
        }
    }

    /// Answers every method at `path` with 501 and `detail`.
    static func notImplemented(_ path: RouterPath, _ detail: String, in group: RouterGroup<SCIMRequestContext>) {
        for method in methods {
            group.on(path, method: method) { _, _ -> Response in throw SCIMError(status: 501, detail: detail) }
        }
    }
}
