import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOFoundationCompat

extension AdminAPISimulator {
    /// The `/v1/organizations/...` routes the real API has.
    func addAPIRoutes(to router: Router<SimulatorContext>) {
        let org = organization
        router.get("/v1/organizations/me") { request, context in
            try await handle(request, context, route: "/v1/organizations/me") { _ in
                SimOrganizationJSON(id: org.organizationID, name: await org.organizationName)
            }
        }
        router.get("/v1/organizations/users") { request, context in
            try await handle(request, context, route: "/v1/organizations/users") { request in
                try await org.listMembers(try await pageQuery(request))
            }
        }
        router.get("/v1/organizations/users/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await handle(request, context, route: "/v1/organizations/users/{id}") { _ in
                try await org.getMember(id: id)
            }
        }
        router.post("/v1/organizations/users/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await handle(request, context, route: "/v1/organizations/users/{id}") { request in
                let body = try await Self.decodeBody(SimUpdateUserBody.self, request)
                return try await org.updateMember(id: id, role: body.role)
            }
        }
        router.delete("/v1/organizations/users/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await handle(request, context, route: "/v1/organizations/users/{id}") { _ in
                try await org.deleteMember(id: id)
            }
        }
        router.get("/v1/organizations/invites") { request, context in
            try await handle(request, context, route: "/v1/organizations/invites") { request in
                try await org.listInvites(try await pageQuery(request))
            }
        }
        router.post("/v1/organizations/invites") { request, context in
            try await handle(request, context, route: "/v1/organizations/invites", isInviteCreation: true) { request in
                let body = try await Self.decodeBody(SimCreateInviteBody.self, request)
                return try await org.createInvite(email: body.email, role: body.role, groups: body.rbac_group_ids)
            }
        }
        router.get("/v1/organizations/invites/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await handle(request, context, route: "/v1/organizations/invites/{id}") { _ in
                try await org.getInvite(id: id)
            }
        }
        router.delete("/v1/organizations/invites/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await handle(request, context, route: "/v1/organizations/invites/{id}") { _ in
                try await org.deleteInvite(id: id)
            }
        }
    }

    /// Authentication, version header, rate limit and faults, then the operation; counts every answer.
    func handle<Body: Encodable>(
        _ request: Request,
        _ context: SimulatorContext,
        route: String,
        isInviteCreation: Bool = false,
        operation: (Request) async throws -> Body
    ) async throws -> Response {
        let requestID = await traffic.nextRequestID()
        let key = "\(request.method.rawValue) \(route)"
        await traffic.record("\(key) arrived")
        let hold = await traffic.hold(for: key)
        var target = ""
        let response = await respond(request, context, isInviteCreation: isInviteCreation, requestID: requestID) {
            if let hold, hold.moment == .before {
                let epoch = await traffic.abandonEpoch
                try? await Task.sleep(for: .milliseconds(hold.milliseconds))
                guard context.channel.isActive, await traffic.abandonEpoch == epoch else { throw SimulatorHungUp() }
            }
            let result = try await operation($0)
            target = Self.objectID(of: result)
            if let hold, hold.moment == .after { try? await Task.sleep(for: .milliseconds(hold.milliseconds)) }
            return result
        }
        guard let response else {
            await traffic.record("\(key) dropped")
            try? await context.channel.close()
            throw HTTPError(.internalServerError)
        }
        await traffic.record("\(key) \(response.status.code)")
        if (200..<300).contains(response.status.code), request.method == .post || request.method == .delete {
            await traffic.recordApplied(key, requestID: requestID, target: target)
        }
        return response
    }

    /// The `id` of an answer's object (the invite, user or key a write changed or created); empty when none.
    static func objectID(of body: some Encodable) -> String {
        guard let data = try? JSONEncoder().encode(body),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return "" }
        return object["id"] as? String ?? ""
    }

    private func respond<Body: Encodable>(
        _ request: Request,
        _ context: SimulatorContext,
        isInviteCreation: Bool,
        requestID: String,
        operation: (Request) async throws -> Body
    ) async -> Response? {
        guard let given = request.headers[HTTPField.Name("x-api-key")!],
            configuration.adminKeys.contains(given) || configuration.readOnlyKeys.contains(given)
        else {
            return Self.error(.authentication, requestID: requestID)
        }
        if request.method != .get, configuration.readOnlyKeys.contains(given) {
            return Self.error(.scopeMissing("write:members"), requestID: requestID)
        }
        guard request.headers[HTTPField.Name("anthropic-version")!] != nil else {
            return Self.error(.invalid("anthropic-version: header is required"), requestID: requestID)
        }
        switch await traffic.admit(isInviteCreation: isInviteCreation) {
        case .proceed: break
        case .drop: return nil
        case .fail(let status):
            return Self.error(status == 529 ? .overloaded : .internalError, requestID: requestID)
        case .slow(let milliseconds):
            try? await Task.sleep(for: .milliseconds(milliseconds))
        case .rateLimited(let retryAfter):
            return Self.error(.rateLimited(retryAfter: retryAfter), requestID: requestID)
        }
        do {
            return Self.json(try await operation(request), requestID: requestID)
        } catch is SimulatorHungUp {
            return nil
        } catch let failure as SimulatorFailure {
            return Self.error(failure, requestID: requestID)
        } catch {
            return Self.error(.invalid("malformed request: \(error)"), requestID: requestID)
        }
    }

    /// The client hung up while its request was held; the operation is not applied.
    struct SimulatorHungUp: Error {}

    func pageQuery(_ request: Request) async throws -> SimPageQuery {
        let parameters = request.uri.queryParameters
        var query = SimPageQuery()
        query.includeCursorRow = await traffic.faults.overlapPages
        if let limit = parameters.get("limit") {
            guard let value = Int(limit) else { throw SimulatorFailure.invalid("limit: Input should be an integer") }
            query.limit = value
        }
        query.afterID = parameters.get("after_id")
        query.beforeID = parameters.get("before_id")
        query.email = parameters.get("email")
        query.roles = parameters.getAll("roles[]") + parameters.getAll("roles")
        query.statuses = parameters.getAll("statuses[]") + parameters.getAll("statuses")
        return query
    }

    static func decodeBody<T: Decodable>(_ type: T.Type, _ request: Request) async throws -> T {
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: 1 << 20)
        } catch {
            throw SimulatorFailure(
                status: 413, type: "request_too_large", message: "Request exceeds the maximum size", code: nil)
        }
        do {
            return try JSONDecoder().decode(T.self, from: buffer)
        } catch {
            throw SimulatorFailure.invalid("request body is not valid JSON")
        }
    }
}
