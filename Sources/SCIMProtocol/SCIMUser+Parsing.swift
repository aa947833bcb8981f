extension SCIMUser {
    /// Builds a user from a POST or PUT body, tolerating what real IdPs send (RFC 7643 §2.1 case-insensitive
    /// names, `id`/`meta`/`schemas` echoes, `null`s, string booleans, unknown attributes and extensions) and
    /// accepting `claude_role` in all three forms (nested extension object wins, then the flat URN key, then
    /// a top-level key).
    /// - Parameters:
    ///   - body: the parsed JSON body.
    ///   - existing: for PUT, the stored user: an absent `active` or role keeps its value.
    /// - Throws: ``SCIMError`` `invalidValue` for a missing userName or a wrongly typed known attribute.
    public static func from(body: JSONValue, existing: SCIMUser? = nil) throws(SCIMError) -> SCIMUser {
        guard case .object = body else { throw .invalidSyntax("the body must be a JSON object") }
        guard let userName = body["userName"]?.string?.trimmingSpaces(), !userName.isEmpty else {
            throw .invalidValue("userName is required")
        }
        try checkLength(userName, "userName")
        var user = SCIMUser(userName: userName)
        user.externalID = try optionalString(body["externalId"], "externalId")
        if let name = body["name"], !name.isNullOrEmpty {
            guard case .object = name else { throw .invalidValue("name must be an object") }
            user.givenName = try optionalString(name["givenName"], "name.givenName")
            user.familyName = try optionalString(name["familyName"], "name.familyName")
            user.formattedName = try optionalString(name["formatted"], "name.formatted")
        }
        user.displayName = try optionalString(body["displayName"], "displayName")
        user.emails = try emails(body["emails"])
        if let active = body["active"], active != .null {
            guard let flag = active.tolerantBool else { throw .invalidValue("active must be a boolean") }
            user.active = flag
        } else {
            user.active = existing?.active ?? true
        }
        switch try role(in: body) {
        case .absent: user.claudeRole = existing?.claudeRole
        case .cleared: user.claudeRole = nil
        case .value(let text): user.claudeRole = text
        }
        return user
    }

    enum RoleInput: Equatable {
        case absent, cleared
        case value(String)
    }

    static func role(in body: JSONValue) throws(SCIMError) -> RoleInput {
        if let nested = body[SCIMSchema.claudeExtension] {
            if nested == .null { return .cleared }
            if case .object = nested, let role = nested["claude_role"] { return try roleValue(role) }
        }
        if let flat = body["\(SCIMSchema.claudeExtension):claude_role"] { return try roleValue(flat) }
        if let plain = body["claude_role"] { return try roleValue(plain) }
        if let enterprise = body[SCIMSchema.enterpriseExtension], case .object = enterprise,
            let role = enterprise["claude_role"]
        {
            return try roleValue(role)
        }
        return .absent
    }

    static func roleValue(_ value: JSONValue) throws(SCIMError) -> RoleInput {
        if value.isNullOrEmpty { return .cleared }
        guard let text = value.string else { throw .invalidValue("claude_role must be a string") }
        try checkLength(text, "claude_role")
        return .value(text)
    }

    static func emails(_ value: JSONValue?) throws(SCIMError) -> [Email] {
        guard let value, value != .null else { return [] }
        guard case .array(let entries) = value else { throw .invalidValue("emails must be an array") }
        var result: [Email] = []
        for entry in entries {
            guard case .object = entry else { throw .invalidValue("each email must be an object") }
            guard let text = entry["value"]?.string, !text.isEmpty else { continue }
            try checkLength(text, "emails.value")
            var primary = false
            if let flag = entry["primary"], flag != .null {
                guard let parsed = flag.tolerantBool else { throw .invalidValue("emails.primary must be a boolean") }
                primary = parsed
            }
            result.append(Email(value: text, type: try optionalString(entry["type"], "emails.type"), primary: primary))
        }
        if result.filter(\.primary).count > 1 { throw .invalidValue("at most one email may be primary") }
        return result
    }

    static func optionalString(_ value: JSONValue?, _ name: String) throws(SCIMError) -> String? {
        guard let value, !value.isNullOrEmpty else { return nil }
        guard let text = value.string else { throw .invalidValue("\(name) must be a string") }
        try checkLength(text, name)
        return text
    }

    /// Hostile-size strings are refused rather than stored (1 MiB bodies could carry 1 MB names).
    static func checkLength(_ text: String, _ name: String) throws(SCIMError) {
        if text.utf8.count > 1024 { throw .invalidValue("\(name) is longer than 1024 bytes") }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
