/// PATCH operations on the multi-valued `emails` attribute.
enum EmailPatch {
    static func apply(_ op: SCIMPatch.Operation, _ path: PatchPath, _ value: JSONValue?, _ user: inout SCIMUser)
        throws(SCIMError)
    {
        guard let filter = path.filter else {
            try withoutFilter(op, path.attribute.sub, value, &user)
            return
        }
        let matching = user.emails.indices.filter { EmailContext(email: user.emails[$0]).matches(filter) }
        switch (op, path.attribute.sub) {
        case (.remove, nil):
            guard !matching.isEmpty else { throw .noTarget("no email matches the filter") }
            user.emails = user.emails.enumerated().filter { !matching.contains($0.offset) }.map(\.element)
        case (.remove, let sub?):
            for index in matching where sub == "type" { user.emails[index].type = nil }
            for index in matching where sub == "primary" { user.emails[index].primary = false }
            if sub == "value" {
                user.emails = user.emails.enumerated().filter { !matching.contains($0.offset) }.map(\.element)
            }
        case (_, let sub):
            if matching.isEmpty {
                // Entra: `emails[type eq "work"].value` on a user without a work email creates that email.
                guard let type = simpleTypeEquality(filter) else { throw .noTarget("no email matches the filter") }
                var email = SCIMUser.Email(value: "", type: type, primary: user.emails.isEmpty)
                try set(&email, sub: sub, value: value)
                guard !email.value.isEmpty else { return }
                user.emails.append(email)
            } else {
                for index in matching { try set(&user.emails[index], sub: sub, value: value) }
                user.emails.removeAll { $0.value.isEmpty }
            }
        }
        try checkPrimary(&user)
    }

    private static func withoutFilter(
        _ op: SCIMPatch.Operation, _ sub: String?, _ value: JSONValue?, _ user: inout SCIMUser
    ) throws(SCIMError) {
        guard sub == nil else { return }  // `emails.value` without a filter: ambiguous, ignored like other unknowns
        switch op {
        case .remove:
            if let value, case .array = value {
                let remove = Set(try SCIMUser.emails(value).map { $0.value.lowercased() })
                user.emails.removeAll { remove.contains($0.value.lowercased()) }
            } else {
                user.emails = []
            }
        case .replace:
            user.emails = try SCIMUser.emails(wrapped(value))
        case .add:
            let added = try SCIMUser.emails(wrapped(value))
            for email in added {
                if let index = user.emails.firstIndex(where: { $0.value.lowercased() == email.value.lowercased() }) {
                    user.emails[index] = email
                } else {
                    user.emails.append(email)
                }
            }
        }
        try checkPrimary(&user)
    }

    private static func wrapped(_ value: JSONValue?) -> JSONValue? {
        if let value, case .object = value { return .array([value]) }
        return value
    }

    private static func set(_ email: inout SCIMUser.Email, sub: String?, value: JSONValue?) throws(SCIMError) {
        switch sub {
        case "value":
            email.value = try SCIMUser.optionalString(value, "emails.value") ?? ""
        case "type":
            email.type = try SCIMUser.optionalString(value, "emails.type")
        case "primary":
            guard let flag = value?.tolerantBool else { throw .invalidValue("emails.primary must be a boolean") }
            email.primary = flag
        case nil:
            guard let value, case .object = value else { throw .invalidValue("an email must be an object") }
            if let text = value["value"] { email.value = try SCIMUser.optionalString(text, "emails.value") ?? "" }
            if let type = value["type"] { email.type = try SCIMUser.optionalString(type, "emails.type") }
            if let primary = value["primary"], primary != .null {
                guard let flag = primary.tolerantBool else { throw .invalidValue("emails.primary must be a boolean") }
                email.primary = flag
            }
        default:
            return
        }
    }

    /// `type eq "work"` (the only filter shape for which a missing email is created).
    private static func simpleTypeEquality(_ filter: SCIMFilter) -> String? {
        if case .compare(let path, .eq, .string(let type)) = filter, path.name == "type", path.sub == nil {
            return type
        }
        return nil
    }

    /// Keeps at most one primary email: the last one set primary wins.
    private static func checkPrimary(_ user: inout SCIMUser) throws(SCIMError) {
        let primaries = user.emails.indices.filter { user.emails[$0].primary }
        for index in primaries.dropLast() { user.emails[index].primary = false }
    }
}
