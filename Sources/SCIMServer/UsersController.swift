import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SCIMProtocol
import ScimifyCore

/// The routes of `/Users`: list and create, and read, replace, patch and delete one user; each hands the
/// authenticated instance's runtime to a ``UsersEndpoint``.
struct UsersController {
    func addRoutes(to users: RouterGroup<SCIMRequestContext>) {
        users.get { request, context in try await endpoint(request, context).list(SCIMQuery(request)) }
        users.post { request, context in
            try await traced(request) { try await endpoint(request, context).create(body(request), SCIMQuery(request)) }
        }
        SCIMRoutes.refuseOtherMethods(than: [.get, .post], at: "", in: users)
        // Literal paths are matched before the `:id` capture.
        SCIMRoutes.notImplemented(".search", "POST .search is not supported; use GET /Users?filter=", in: users)
        users.get(":id") { request, context in
            try await endpoint(request, context).get(id(context), SCIMQuery(request))
        }
        users.put(":id") { request, context in
            try await traced(request) {
                try await endpoint(request, context).replace(id(context), body(request), SCIMQuery(request))
            }
        }
        users.patch(":id") { request, context in
            try await traced(request) {
                try await endpoint(request, context).patch(id(context), body(request), SCIMQuery(request))
            }
        }
        users.delete(":id") { request, context in
            try await traced(request) { try await endpoint(request, context).delete(id(context)) }
        }
        SCIMRoutes.refuseOtherMethods(than: [.get, .put, .patch, .delete], at: ":id", in: users)
    }

    private func endpoint(_ request: Request, _ context: SCIMRequestContext) throws(SCIMError) -> UsersEndpoint {
        UsersEndpoint(
            runtime: try context.authenticatedRuntime(), baseURL: context.baseURL,
            idpRequestID: Self.idpRequestID(request),
            logger: context.logger)
    }

    /// The IdP's own request-id (Okta sends `X-Request-Id`; Entra `client-request-id`).
    static func idpRequestID(_ request: Request) -> String? {
        request.headers[HTTPField.Name("x-request-id")!] ?? request.headers[HTTPField.Name("client-request-id")!]
    }

    /// Runs a write with the IdP's request-id traced, so the client's retry lines and the core's name it.
    private func traced(_ request: Request, _ body: () async throws -> Response) async throws -> Response {
        try await RequestTrace.$idpRequestID.withValue(Self.idpRequestID(request)) { try await body() }
    }

    private func id(_ context: SCIMRequestContext) throws(SCIMError) -> String {
        guard let id = context.parameters.get("id") else { throw SCIMError.notFound("no such resource") }
        return id
    }

    private func body(_ request: Request) async throws(SCIMError) -> JSONValue {
        try Self.checkContentType(request.headers[.contentType])
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: SCIMServer.maximumBodyBytes)
        } catch {
            throw SCIMError(status: 413, detail: "the request body is larger than 1 MiB")
        }
        return try JSONValue.parse(Data(buffer.readableBytesView))
    }

    /// A write's body is SCIM JSON: `application/scim+json` or `application/json` with any parameters, or no
    /// type at all (some IdP test tools send none); anything else is refused with 415 before it is read.
    static func checkContentType(_ value: String?) throws(SCIMError) {
        guard let value else { return }
        let mediaType =
            value.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            ?? ""
        guard mediaType == "application/scim+json" || mediaType == "application/json" else {
            throw SCIMError(
                status: 415,
                detail: "the request body must be application/scim+json or application/json, not "
                    + SafeText.quoted(value, limit: 80))
        }
    }
}
