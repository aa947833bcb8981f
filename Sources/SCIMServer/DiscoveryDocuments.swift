import SCIMProtocol

/// The discovery resources (RFC 7643 §5-§7): what this service provider supports and the User schema it
/// stores, declaring only attributes that round-trip.
enum DiscoveryDocuments {
    static func serviceProviderConfig(base: String) -> JSONValue {
        .object([
            "schemas": .array([.string("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig")]),
            "documentationUri": .string("https://github.com/scimify/scimify-for-claude#readme"),
            "patch": .object(["supported": .bool(true)]),
            "bulk": .object(["supported": .bool(false), "maxOperations": .number(0), "maxPayloadSize": .number(0)]),
            "filter": .object(["supported": .bool(true), "maxResults": .number(Double(UsersEndpoint.maximumPageSize))]),
            "changePassword": .object(["supported": .bool(false)]),
            "sort": .object(["supported": .bool(false)]),
            "etag": .object(["supported": .bool(false)]),
            "authenticationSchemes": .array([
                .object([
                    "type": .string("oauthbearertoken"), "name": .string("OAuth Bearer Token"),
                    "description": .string("Authentication with a bearer token in the Authorization header"),
                    "primary": .bool(true),
                ])
            ]),
            "meta": .object([
                "resourceType": .string("ServiceProviderConfig"), "location": .string(base + "/ServiceProviderConfig"),
            ]),
        ])
    }

    static func userResourceType(base: String) -> JSONValue {
        .object([
            "schemas": .array([.string("urn:ietf:params:scim:schemas:core:2.0:ResourceType")]),
            "id": .string("User"), "name": .string("User"), "endpoint": .string("/Users"),
            "description": .string("User Account"), "schema": .string(SCIMSchema.user),
            "schemaExtensions": .array([
                .object(["schema": .string(SCIMSchema.claudeExtension), "required": .bool(false)])
            ]),
            "meta": .object([
                "resourceType": .string("ResourceType"), "location": .string(base + "/ResourceTypes/User"),
            ]),
        ])
    }

    static func schemas(base: String) -> [JSONValue] { [userSchema(base: base), extensionSchema(base: base)] }

    private static func attribute(
        _ name: String, type: String = "string", multiValued: Bool = false, required: Bool = false,
        caseExact: Bool = false,
        mutability: String = "readWrite", uniqueness: String = "none", description: String, sub: [JSONValue]? = nil,
        canonical: [String]? = nil
    ) -> JSONValue {
        var members: [String: JSONValue] = [
            "name": .string(name), "type": .string(type), "multiValued": .bool(multiValued),
            "description": .string(description),
            "required": .bool(required), "caseExact": .bool(caseExact), "mutability": .string(mutability),
            "returned": .string(SCIMUserResource.alwaysReturned.contains(name.lowercased()) ? "always" : "default"),
            "uniqueness": .string(uniqueness),
        ]
        if let sub { members["subAttributes"] = .array(sub) }
        if let canonical { members["canonicalValues"] = .array(canonical.map(JSONValue.string)) }
        return .object(members)
    }

    private static func userSchema(base: String) -> JSONValue {
        .object([
            "schemas": .array([.string("urn:ietf:params:scim:schemas:core:2.0:Schema")]),
            "id": .string(SCIMSchema.user), "name": .string("User"), "description": .string("User Account"),
            "attributes": .array([
                attribute(
                    "id", caseExact: true, mutability: "readOnly", uniqueness: "server",
                    description: "Server-assigned identifier"),
                attribute("externalId", caseExact: true, description: "The identity provider's identifier"),
                attribute(
                    "userName", required: true, uniqueness: "server",
                    description: "Unique login name, usually the email"),
                attribute(
                    "name", type: "complex", description: "The user's name",
                    sub: [
                        attribute("givenName", description: "Given name"),
                        attribute("familyName", description: "Family name"),
                        attribute("formatted", description: "Full name"),
                    ]),
                attribute("displayName", description: "Name shown to people"),
                attribute(
                    "emails", type: "complex", multiValued: true, description: "Email addresses",
                    sub: [
                        attribute("value", description: "The address"),
                        attribute("type", description: "work, home or other", canonical: ["work", "home", "other"]),
                        attribute("primary", type: "boolean", description: "The primary address"),
                    ]),
                attribute(
                    "active", type: "boolean", description: "Whether the user belongs to the Claude organization"),
            ]),
            "meta": .object([
                "resourceType": .string("Schema"), "location": .string(base + "/Schemas/" + SCIMSchema.user),
            ]),
        ])
    }

    private static func extensionSchema(base: String) -> JSONValue {
        .object([
            "schemas": .array([.string("urn:ietf:params:scim:schemas:core:2.0:Schema")]),
            "id": .string(SCIMSchema.claudeExtension), "name": .string("ClaudeUser"),
            "description": .string("Claude organization settings for a provisioned user"),
            "attributes": .array([
                attribute(
                    "claude_role", description: "Claude organization role (admin is never assigned; default user)",
                    canonical: ["user", "developer", "billing", "claude_code_user"])
            ]),
            "meta": .object([
                "resourceType": .string("Schema"), "location": .string(base + "/Schemas/" + SCIMSchema.claudeExtension),
            ]),
        ])
    }
}
