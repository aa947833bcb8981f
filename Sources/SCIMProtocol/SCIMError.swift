/// A SCIM error (RFC 7644 §3.12): an HTTP status, an optional `scimType` and a `detail` that is never empty.
public struct SCIMError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: Int
    public let scimType: String?
    public let detail: String
    /// Seconds the client should wait (429/503).
    public let retryAfter: Int?
    /// The methods a 405 resource allows (the `Allow` header).
    public let allow: String?

    public init(status: Int, scimType: String? = nil, detail: String, retryAfter: Int? = nil, allow: String? = nil) {
        self.status = status
        self.allow = allow
        self.scimType = scimType
        self.detail = detail.isEmpty ? "error" : detail
        self.retryAfter = retryAfter
    }

    public var description: String { "\(status) \(scimType ?? "-"): \(detail)" }

    /// The RFC 7644 error body: `schemas`, `status` as a string, `scimType` when defined, `detail`.
    public var body: JSONValue {
        var members: [String: JSONValue] = [
            "schemas": .array([.string(SCIMSchema.error)]),
            "status": .string(String(status)),
            "detail": .string(detail),
        ]
        if let scimType { members["scimType"] = .string(scimType) }
        return .object(members)
    }

    public static func invalidSyntax(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: "invalidSyntax", detail: detail)
    }
    public static func invalidFilter(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: "invalidFilter", detail: detail)
    }
    public static func invalidValue(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: "invalidValue", detail: detail)
    }
    public static func invalidPath(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: "invalidPath", detail: detail)
    }
    public static func noTarget(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: "noTarget", detail: detail)
    }
    public static func mutability(_ detail: String) -> SCIMError {
        SCIMError(status: 400, scimType: "mutability", detail: detail)
    }
    public static func uniqueness(_ detail: String) -> SCIMError {
        SCIMError(status: 409, scimType: "uniqueness", detail: detail)
    }
    public static func notFound(_ detail: String) -> SCIMError { SCIMError(status: 404, detail: detail) }
}

/// The schema URNs this service provider speaks.
public enum SCIMSchema {
    public static let user = "urn:ietf:params:scim:schemas:core:2.0:User"
    public static let claudeExtension = "urn:ietf:params:scim:schemas:extension:custom:2.0:User"
    public static let enterpriseExtension = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    public static let error = "urn:ietf:params:scim:api:messages:2.0:Error"
    public static let listResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
    public static let patchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

    /// Known URNs, longest first, for splitting `urn:...:attr` paths.
    static let known = [claudeExtension, enterpriseExtension, user].sorted { $0.count > $1.count }
}
