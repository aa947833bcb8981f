import Foundation
import NIOCore
import ScimifyCore
import Testing

@testable import ClaudeAdminAPI

/// API keys, workspaces and workspace members decoded from the spec's own examples (spec §12.1, §13.1, §14.1)
/// and from the older and legacy shapes it says to accept, not only from what our simulator sends.
struct OffboardingWireTests {
    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(json.utf8))
    }

    @Test func thePersonalKeyOfTheSpecsExample() throws {
        let key = try Self.decode(
            APIKeyWire.self,
            #"""
            {"type":"api_key","id":"apikey_01AbCdEfGhJkMnPqRsTuVw","name":"ci-deploy","created_at":"2026-04-01T08:00:00Z",
             "created_by":{"id":"user_01AbCdEfGhIjKlMnOpQrSt","type":"user"},"expires_at":null,"status":"active",
             "partial_key_hint":"sk-ant-api03-Xy1...9QaA","principal":{"type":"user_actor","user_id":"user_01AbCdEfGhIjKlMnOpQrSt"},
             "scope":{"type":"workspace","workspace_id":"wrkspc_01JkLmNoPqRsTuVwXyZaBc"},"workspace_id":"wrkspc_01JkLmNoPqRsTuVwXyZaBc"}
            """#
        ).apiKey()
        #expect(key.id == "apikey_01AbCdEfGhJkMnPqRsTuVw" && key.name == "ci-deploy" && key.status == .active)
        #expect(key.createdByUserID == "user_01AbCdEfGhIjKlMnOpQrSt" && key.expiresAt == nil)
        #expect(key.hint == "sk-ant-api03-Xy1...9QaA" && key.workspaceID == "wrkspc_01JkLmNoPqRsTuVwXyZaBc")
        #expect(key.principal == .user(id: "user_01AbCdEfGhIjKlMnOpQrSt"))
        // A personal key stops with its user; another user's removal leaves it working.
        #expect(!key.survivesRemoval(of: "user_01AbCdEfGhIjKlMnOpQrSt"))
        #expect(key.survivesRemoval(of: "user_someone_else"))
    }

    @Test func legacyServiceAccountAndOlderShapes() throws {
        // A legacy workspace key: no principal; it keeps working after its creator leaves (spec §15).
        let legacy = try Self.decode(
            APIKeyWire.self,
            #"""
            {"type":"api_key","id":"apikey_legacy","name":"old","created_at":"2025-01-02T03:04:05.123456Z",
             "created_by":{"id":"user_01A","type":"user"},"expires_at":"2027-01-01T00:00:00Z","status":"inactive",
             "partial_key_hint":null,"principal":null,"scope":{"type":"workspace","workspace_id":"wrkspc_default"},
             "workspace_id":null}
            """#
        ).apiKey()
        #expect(legacy.principal == .none && legacy.survivesRemoval(of: "user_01A"))
        #expect(legacy.status == .inactive && legacy.expiresAt != nil && legacy.hint == nil)
        #expect(legacy.workspaceID == "wrkspc_default", "scope.workspace_id first")
        // A service account's key, and a key with no recorded creator.
        let service = try Self.decode(
            APIKeyWire.self,
            #"""
            {"type":"api_key","id":"apikey_svc","name":"export","created_at":"2026-01-01T00:00:00Z",
             "created_by":{"id":"svac_01","type":"service_account"},"status":"active","partial_key_hint":"sk...",
             "principal":{"type":"service_account_actor","service_account_id":"svac_01"},"scope":{"type":"organization"}}
            """#
        ).apiKey()
        #expect(service.createdByUserID == nil && service.principal == .serviceAccount(id: "svac_01"))
        #expect(service.workspaceID == nil && service.survivesRemoval(of: "user_01A"))
        #expect(service.scopeType == .organization, "an organization-scoped key is not the Default Workspace's")
        #expect(legacy.scopeType == .workspace)
        // An older response: no principal or scope, the deprecated workspace_id, a status added later.
        let older = try Self.decode(
            APIKeyWire.self,
            #"""
            {"type":"api_key","id":"apikey_old","name":"n","created_at":"2024-05-05T05:05:05Z","created_by":null,
             "status":"frozen","partial_key_hint":"sk-ant-api03-a...b","workspace_id":"wrkspc_01X"}
            """#
        ).apiKey()
        #expect(older.createdByUserID == nil && older.principal == .none && older.workspaceID == "wrkspc_01X")
        #expect(older.status.rawValue == "frozen", "a status added later is kept as sent")
        #expect(older.scopeType == .unstated, "no scope in an older response")
        #expect(throws: (any Error).self) {
            try Self.decode(APIKeyWire.self, #"{"id":"k","created_at":"yesterday","status":"active"}"#).apiKey()
        }
    }

    @Test func theWorkspaceAndWorkspaceMemberOfTheSpecsExamples() throws {
        let workspace = try Self.decode(
            WorkspaceWire.self,
            #"""
            {"type":"workspace","id":"wrkspc_01JkLmNoPqRsTuVwXyZaBc","name":"Production",
             "created_at":"2026-05-02T10:11:12.345678Z","archived_at":null,"display_color":"#6C5BB9",
             "data_residency":{"workspace_geo":"us","allowed_inference_geos":"unrestricted","default_inference_geo":"global"},
             "tags":{"team":"platform"},"external_key_id":null}
            """#
        ).workspace()
        #expect(workspace.id == "wrkspc_01JkLmNoPqRsTuVwXyZaBc" && workspace.name == "Production")
        #expect(workspace.archivedAt == nil)
        let member = try Self.decode(
            WorkspaceMemberWire.self,
            #"{"type":"workspace_member","user_id":"user_01...","workspace_id":"wrkspc_01...","workspace_role":"workspace_developer"}"#
        ).member()
        #expect(
            member == WorkspaceMember(userID: "user_01...", workspaceID: "wrkspc_01...", role: "workspace_developer"))
    }
}

/// The answers an Enterprise organization may give on the key paths (spec §12, UNVERIFIED: "expect 403, or 400
/// organization_type_not_supported") mean "no key endpoints"; any other 400 is a real refusal.
struct NoKeyEndpointsTests {
    static func mapped(_ status: Int, _ body: String) -> ProvisioningError {
        AdminAPIErrorMapper.error(
            status: status, body: ByteBuffer(string: body), requestID: "req_1", endpoint: "GET /api_keys")
    }

    @Test func enterpriseAnswersMeanNoKeyEndpoints() {
        let forbidden = Self.mapped(
            403, #"{"type":"error","error":{"type":"permission_error","message":"not allowed"}}"#)
        let unsupported = Self.mapped(
            400,
            #"{"type":"error","error":{"type":"invalid_request_error","message":"not for this organization","details":{"error_code":"organization_type_not_supported"}}}"#
        )
        let inWords = Self.mapped(
            400,
            #"{"type":"error","error":{"type":"invalid_request_error","message":"organization_type_not_supported"}}"#)
        #expect(forbidden.meansNoKeyEndpoints && unsupported.meansNoKeyEndpoints && inWords.meansNoKeyEndpoints)
    }

    @Test func otherRefusalsAreNot() {
        let badParameter = Self.mapped(
            400, #"{"type":"error","error":{"type":"invalid_request_error","message":"status: Input should be"}}"#)
        let outage = Self.mapped(500, #"{"type":"error","error":{"type":"api_error","message":"Internal"}}"#)
        let throttled = Self.mapped(429, #"{"type":"error","error":{"type":"rate_limit_error","message":"slow"}}"#)
        #expect(!badParameter.meansNoKeyEndpoints && !outage.meansNoKeyEndpoints && !throttled.meansNoKeyEndpoints)
    }
}
