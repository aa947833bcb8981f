/// Applies a SCIM PatchOp (RFC 7644 §3.5.2) to a user, atomically: operations run in order on a copy and
/// the first failure discards them all. Tolerates the shapes Okta and Entra send (§9.4 of the spec):
/// no-path object values with dotted and URN keys, capitalised ops, string booleans, create-on-absent for
/// `emails[type eq "work"].value`, `remove` with a value, and attributes Scimify does not store (ignored).
///
/// Policy for `remove` on `active`: refused with `mutability` (send `active:false` to deactivate), so a
/// user is never silently kept active.
public enum SCIMPatch {
    public enum Operation: String, Sendable { case add, replace, remove }

    /// The most operations one request may carry.
    public static let maximumOperations = 1000

    /// - Returns: the patched user.
    /// - Throws: ``SCIMError`` (`invalidSyntax`, `invalidPath`, `noTarget`, `mutability`, `invalidValue`).
    public static func apply(_ body: JSONValue, to original: SCIMUser) throws(SCIMError) -> SCIMUser {
        guard case .object = body else { throw .invalidSyntax("the PATCH body must be a JSON object") }
        guard let operations = body["Operations"], case .array(let list) = operations else {
            throw .invalidSyntax("a PatchOp needs an Operations array")
        }
        guard list.count <= maximumOperations else {
            throw .invalidSyntax("too many operations (at most \(maximumOperations))")
        }
        var user = original
        for entry in list {
            guard case .object = entry, let opText = entry["op"]?.string,
                let op = Operation(rawValue: opText.lowercased())
            else { throw .invalidSyntax("each operation needs an op of add, replace or remove") }
            let value = entry["value"]
            if let pathValue = entry["path"], pathValue != .null {
                guard let path = pathValue.string, !path.isEmpty else { throw .invalidPath("path must be a string") }
                try apply(op, path: path, value: value, to: &user)
            } else {
                guard op != .remove else { throw .noTarget("remove needs a path") }
                guard let value, case .object(let members) = value else {
                    throw .invalidValue("an operation without a path needs an object value")
                }
                for key in members.keys.sorted() {
                    try apply(op, path: key, value: members[key], to: &user)
                }
            }
        }
        return user
    }

    static func apply(_ op: Operation, path: String, value: JSONValue?, to user: inout SCIMUser) throws(SCIMError) {
        if path.lowercased() == SCIMSchema.claudeExtension.lowercased() {
            if op == .remove || value == nil || value == .null {
                user.claudeRole = nil
                return
            }
            guard let value, case .object = value else { throw .invalidValue("the extension value must be an object") }
            if let role = value["claude_role"] { try setRole(role, op: op, user: &user) }
            return
        }
        if path.lowercased() == "schemas" || path.lowercased() == "id" || path.lowercased().hasPrefix("meta") {
            throw .mutability("\(path.prefix(60)) cannot be changed")
        }
        guard let target = PatchPath.parse(path) else {
            throw .invalidPath("cannot parse the path \"\(path.prefix(100))\"")
        }
        switch target.attribute.name {
        case "username":
            guard op != .remove else { throw .mutability("userName cannot be removed") }
            guard let text = value?.string?.trimmingSpaces(), !text.isEmpty else {
                throw .invalidValue("userName must be a non-empty string")
            }
            try SCIMUser.checkLength(text, "userName")
            user.userName = text
        case "externalid": user.externalID = try stringValue(op, value, "externalId")
        case "displayname": user.displayName = try stringValue(op, value, "displayName")
        case "active":
            guard op != .remove else {
                throw .mutability("active cannot be removed; replace it with false to deactivate")
            }
            guard let flag = value?.tolerantBool else { throw .invalidValue("active must be a boolean") }
            user.active = flag
        case "claude_role":
            if op == .remove { user.claudeRole = nil } else { try setRole(value ?? .null, op: op, user: &user) }
        case "name": try patchName(op, target.attribute.sub, value, &user)
        case "emails": try EmailPatch.apply(op, target, value, &user)
        default:
            return  // password, groups, roles, enterprise and unknown attributes: accepted and ignored
        }
    }

    private static func setRole(_ value: JSONValue, op: Operation, user: inout SCIMUser) throws(SCIMError) {
        switch try SCIMUser.roleValue(value) {
        case .cleared, .absent: user.claudeRole = nil
        case .value(let text): user.claudeRole = text
        }
    }

    private static func stringValue(_ op: Operation, _ value: JSONValue?, _ name: String) throws(SCIMError) -> String? {
        if op == .remove { return nil }
        return try SCIMUser.optionalString(value, name)
    }

    private static func patchName(_ op: Operation, _ sub: String?, _ value: JSONValue?, _ user: inout SCIMUser)
        throws(SCIMError)
    {
        switch sub {
        case nil:
            if op == .remove || value == nil || value == .null {
                user.givenName = nil
                user.familyName = nil
                user.formattedName = nil
                return
            }
            guard let value, case .object = value else { throw .invalidValue("name must be an object") }
            if let given = value["givenName"] { user.givenName = try SCIMUser.optionalString(given, "name.givenName") }
            if let family = value["familyName"] {
                user.familyName = try SCIMUser.optionalString(family, "name.familyName")
            }
            if let formatted = value["formatted"] {
                user.formattedName = try SCIMUser.optionalString(formatted, "name.formatted")
            }
        case "givenname": user.givenName = try stringValue(op, value, "name.givenName")
        case "familyname": user.familyName = try stringValue(op, value, "name.familyName")
        case "formatted": user.formattedName = try stringValue(op, value, "name.formatted")
        default: return
        }
    }
}

/// A PATCH path: `attr[.sub]` or `attr[filter][.sub]`, with an optional schema URN prefix.
struct PatchPath {
    var attribute: SCIMFilter.AttributePath
    var filter: SCIMFilter?

    static func parse(_ text: String) -> PatchPath? {
        guard let open = text.firstIndex(of: "[") else {
            return SCIMFilter.AttributePath.parse(text).map { PatchPath(attribute: $0, filter: nil) }
        }
        guard let close = text.lastIndex(of: "]"), close > open,
            var attribute = SCIMFilter.AttributePath.parse(String(text[..<open])), attribute.sub == nil,
            let filter = try? SCIMFilter.parse(String(text[text.index(after: open)..<close]))
        else { return nil }
        let rest = text[text.index(after: close)...]
        if !rest.isEmpty {
            guard rest.hasPrefix("."), SCIMFilter.AttributePath.isName(rest.dropFirst()) else { return nil }
            attribute.sub = rest.dropFirst().lowercased()
        }
        return PatchPath(attribute: attribute, filter: filter)
    }
}
