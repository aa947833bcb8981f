import Foundation
import ScimifyCore

/// `type: "user"` as the Admin API sends it.
struct UserWire: Decodable {
    let id: String
    let email: String
    let name: String?
    let role: String
    let added_at: String?

    func member() throws -> Member {
        Member(id: id, email: email, name: name ?? "", role: ClaudeRole(rawValue: role), addedAt: try date(added_at))
    }
}

extension UserWire {
    /// A member from ``PageParser`` fields.
    static func member(from fields: PageParser.Fields) throws -> Member {
        guard !fields.email.isEmpty, !fields.role.isEmpty else { throw PageParser.Failure() }
        return Member(
            id: fields.id,
            email: fields.email,
            name: fields.name ?? "",
            role: ClaudeRole(rawValue: fields.role),
            addedAt: try date(fields.addedAt)
        )
    }
}

/// `type: "invite"` as the Admin API sends it.
struct InviteWire: Decodable {
    let id: String
    let email: String
    let role: String
    let status: String
    let invited_at: String?
    let expires_at: String?
    let accepted_at: String?

    func invite() throws -> Invite {
        Invite(
            id: id,
            email: email,
            role: ClaudeRole(rawValue: role),
            status: InviteStatus(rawValue: status),
            invitedAt: try date(invited_at),
            expiresAt: try date(expires_at),
            acceptedAt: try accepted_at.map { try date($0) }
        )
    }
}

extension InviteWire {
    /// An invite from ``PageParser`` fields.
    static func invite(from fields: PageParser.Fields) throws -> Invite {
        guard !fields.email.isEmpty, !fields.role.isEmpty, !fields.status.isEmpty else { throw PageParser.Failure() }
        return Invite(
            id: fields.id,
            email: fields.email,
            role: ClaudeRole(rawValue: fields.role),
            status: InviteStatus(rawValue: fields.status),
            invitedAt: try date(fields.invitedAt),
            expiresAt: try date(fields.expiresAt),
            acceptedAt: try fields.acceptedAt.map { try date($0) }
        )
    }
}

/// `GET /v1/organizations/me`.
struct OrganizationWire: Decodable {
    let id: String
    let name: String?
}

/// The list envelope: `data`, `has_more`, `first_id`, `last_id` (the ids may be null or absent when empty).
struct ListPageWire<Item: Decodable>: Decodable {
    let data: [Item]
    let has_more: Bool?
    let first_id: String?
    let last_id: String?
}

/// The error envelope: `{"type":"error","error":{"type":..,"message":..,"details":{"error_code":..}}}`.
struct ErrorEnvelopeWire: Decodable {
    struct Body: Decodable {
        struct Details: Decodable {
            let error_code: String?
        }
        let type: String?
        let message: String?
        let details: Details?
    }
    let error: Body?
    let request_id: String?
}

/// A timestamp field that failed to parse is a malformed response, never a silent "now".
func date(_ text: String?) throws -> Date {
    guard let text else { throw WireDecodingError(field: "timestamp", value: "missing") }
    guard let date = RFC3339.parse(text) else { throw WireDecodingError(field: "timestamp", value: text) }
    return date
}

/// A field of a response that does not match the documented shape.
struct WireDecodingError: Error, CustomStringConvertible {
    let field: String
    let value: String
    var description: String { "unexpected \(field) \(SafeText.quoted(value, limit: 60))" }
}
