import Foundation
import ScimifyCore

extension SCIMUserResource {
    /// The full User representation (spec §4.1): `schemas` lists the extension only when a role is set;
    /// `id`, `userName`, `active` and `meta` are always present; `password` and `groups` never are.
    /// - Parameters:
    ///   - location: the absolute URL of this resource (`meta.location`).
    ///   - attributes: when non-empty, only these (plus `id`, `userName`, `schemas`, `meta`) are returned.
    ///   - excludedAttributes: these are left out (never `id`, `userName`, `schemas`, `meta`).
    public func representation(location: String, attributes: [String] = [], excludedAttributes: [String] = [])
        -> JSONValue
    {
        var members: [String: JSONValue] = [
            "id": .string(id), "userName": .string(user.userName), "active": .bool(user.active),
        ]
        var schemas: [JSONValue] = [.string(SCIMSchema.user)]
        if let externalID = user.externalID { members["externalId"] = .string(externalID) }
        var name: [String: JSONValue] = [:]
        if let given = user.givenName { name["givenName"] = .string(given) }
        if let family = user.familyName { name["familyName"] = .string(family) }
        if let formatted = user.formattedName { name["formatted"] = .string(formatted) }
        if !name.isEmpty { members["name"] = .object(name) }
        if let display = user.displayName { members["displayName"] = .string(display) }
        if !user.emails.isEmpty {
            members["emails"] = .array(
                user.emails.map { email in
                    var entry: [String: JSONValue] = ["value": .string(email.value), "primary": .bool(email.primary)]
                    if let type = email.type { entry["type"] = .string(type) }
                    return .object(entry)
                })
        }
        if let role = user.claudeRole {
            members[SCIMSchema.claudeExtension] = .object(["claude_role": .string(role)])
            schemas.append(.string(SCIMSchema.claudeExtension))
        }
        members = Self.project(members, attributes: attributes, excluded: excludedAttributes)
        members["schemas"] = .array(schemas)
        members["meta"] = .object([
            "resourceType": .string("User"),
            "created": .string(RFC3339Text.format(created)),
            "lastModified": .string(RFC3339Text.format(lastModified)),
            "location": .string(location),
            "version": .string(etag),
        ])
        return .object(members)
    }

    /// The weak ETag of this version.
    public var etag: String { "W/\"\(version)\"" }

    /// Attributes whose `returned` is "always" (RFC 7643 sections 3.1 and 4.1.1, and `active`, which IdPs read
    /// to reconcile and this server's schema declares "always"): they come back whatever `attributes` or
    /// `excludedAttributes` ask (`schemas` and `meta` are added after projection). Lower-cased; `/Schemas`
    /// declares the same set.
    public static let alwaysReturned: Set<String> = ["id", "username", "active"]

    /// Applies `attributes` / `excludedAttributes` (case-insensitive, may be URN-qualified or dotted).
    static func project(_ members: [String: JSONValue], attributes: [String], excluded: [String]) -> [String: JSONValue]
    {
        func key(_ text: String) -> (String, String?)? {
            let lowered = text.trimmingSpaces().lowercased()
            if lowered == SCIMSchema.claudeExtension.lowercased() {
                return (SCIMSchema.claudeExtension.lowercased(), nil)
            }
            guard let path = SCIMFilter.AttributePath.parse(lowered) else { return nil }
            if path.name == "claude_role" { return (SCIMSchema.claudeExtension.lowercased(), nil) }
            return (path.name, path.sub)
        }
        var result = members
        if !attributes.isEmpty {
            let wanted = attributes.compactMap(key)
            result = [:]
            for (name, value) in members {
                let lowered = name.lowercased()
                let subs = wanted.filter { $0.0 == lowered }
                let always = alwaysReturned.contains(lowered)
                guard !subs.isEmpty || always else { continue }
                if subs.contains(where: { $0.1 == nil }) || always {
                    result[name] = value
                } else if case .object(let inner) = value {
                    let keep = Set(subs.compactMap(\.1))
                    result[name] = .object(inner.filter { keep.contains($0.key.lowercased()) })
                } else {
                    result[name] = value
                }
            }
        }
        for (name, sub) in excluded.compactMap(key) {
            guard !alwaysReturned.contains(name), let actual = result.keys.first(where: { $0.lowercased() == name })
            else { continue }
            if let sub, case .object(let inner) = result[actual] {
                result[actual] = .object(inner.filter { $0.key.lowercased() != sub })
            } else if sub == nil {
                result[actual] = nil
            }
        }
        return result
    }
}
