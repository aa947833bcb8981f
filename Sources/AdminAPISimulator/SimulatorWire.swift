/// The simulator's own wire types. They are written from the spec, not shared with the client, so a
/// client bug cannot be silently mirrored here.
struct SimUserJSON: Encodable, Sendable {
    let type = "user"
    let id: String
    let email: String
    let name: String
    let role: String
    let added_at: String
}

struct SimInviteJSON: Encodable, Sendable {
    let type = "invite"
    let id: String
    let email: String
    let role: String
    let invited_at: String
    let expires_at: String
    let accepted_at: String?
    let status: String
    let rbac_group_ids: [String] = []

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(id, forKey: .id)
        try container.encode(email, forKey: .email)
        try container.encode(role, forKey: .role)
        try container.encode(invited_at, forKey: .invited_at)
        try container.encode(expires_at, forKey: .expires_at)
        try container.encode(accepted_at, forKey: .accepted_at)  // explicit null, as the API sends it
        try container.encode(status, forKey: .status)
        try container.encode(rbac_group_ids, forKey: .rbac_group_ids)
    }

    enum CodingKeys: String, CodingKey {
        case type, id, email, role, invited_at, expires_at, accepted_at, status, rbac_group_ids
    }
}

struct SimListJSON<Item: Encodable & Sendable>: Encodable, Sendable {
    let data: [Item]
    let has_more: Bool
    let first_id: String?
    let last_id: String?

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(data, forKey: .data)
        try container.encode(has_more, forKey: .has_more)
        try container.encode(first_id, forKey: .first_id)
        try container.encode(last_id, forKey: .last_id)
    }

    enum CodingKeys: String, CodingKey { case data, has_more, first_id, last_id }
}

struct SimDeletedJSON: Encodable, Sendable {
    let id: String
    let type: String
}

struct SimOrganizationJSON: Encodable, Sendable {
    let id: String
    let type = "organization"
    let name: String
}

struct SimErrorJSON: Encodable {
    struct Body: Encodable {
        struct Details: Encodable { let error_code: String }
        let type: String
        let message: String
        let details: Details?
    }
    let type = "error"
    let error: Body
    let request_id: String
}

/// The body `POST /v1/organizations/invites` accepts.
struct SimCreateInviteBody: Decodable {
    let email: String?
    let role: String?
    let rbac_group_ids: [String]?
}

/// The body `POST /v1/organizations/users/{id}` accepts.
struct SimUpdateUserBody: Decodable {
    let role: String?
}
