import Foundation
import Hummingbird

extension AdminAPISimulator {
    /// The Console-organization routes for offboarding (spec §12-14): API keys, workspaces, workspace members.
    func addOffboardingRoutes(to router: Router<SimulatorContext>) {
        let org = organization
        router.get("/v1/organizations/api_keys") { request, context in
            try await handle(request, context, route: "/v1/organizations/api_keys") { request in
                let parameters = request.uri.queryParameters
                return try await org.listAPIKeys(
                    try await pageQuery(request), createdBy: parameters.get("created_by_user_id"),
                    workspaceID: parameters.get("workspace_id"), status: parameters.get("status"))
            }
        }
        router.get("/v1/organizations/api_keys/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await handle(request, context, route: "/v1/organizations/api_keys/{id}") { _ in
                try await org.getAPIKey(id: id)
            }
        }
        router.post("/v1/organizations/api_keys/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await handle(request, context, route: "/v1/organizations/api_keys/{id}") { request in
                let body = try await Self.decodeBody(SimUpdateAPIKeyBody.self, request)
                return try await org.updateAPIKey(id: id, name: body.name, status: body.status)
            }
        }
        router.get("/v1/organizations/workspaces") { request, context in
            try await handle(request, context, route: "/v1/organizations/workspaces") { request in
                let archived = request.uri.queryParameters.get("include_archived") == "true"
                return try await org.listWorkspaces(try await pageQuery(request), includeArchived: archived)
            }
        }
        router.get("/v1/organizations/workspaces/:id") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await handle(request, context, route: "/v1/organizations/workspaces/{id}") { _ in
                try await org.getWorkspace(id: id)
            }
        }
        router.get("/v1/organizations/workspaces/:id/members") { request, context in
            let id = context.parameters.get("id") ?? ""
            return try await handle(request, context, route: "/v1/organizations/workspaces/{id}/members") {
                request in
                try await org.listWorkspaceMembers(workspaceID: id, try await pageQuery(request))
            }
        }
        router.get("/v1/organizations/workspaces/:id/members/:user_id") { request, context in
            let id = context.parameters.get("id") ?? ""
            let user = context.parameters.get("user_id") ?? ""
            return try await handle(request, context, route: "/v1/organizations/workspaces/{id}/members/{user_id}") {
                _ in
                try await org.getWorkspaceMember(workspaceID: id, userID: user)
            }
        }
    }
}

/// `POST /v1/organizations/api_keys/{id}`'s body.
struct SimUpdateAPIKeyBody: Decodable {
    let name: String?
    let status: String?
}
