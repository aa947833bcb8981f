import Foundation

extension SCIMUser {
    /// The JSON a store keeps for this user: the SCIM attributes themselves, read back with the same fast
    /// reader and rules as a request body (``from(body:existing:)``).
    public func storageJSON() -> String {
        let resource = SCIMUserResource(
            id: "", user: self, created: Date(timeIntervalSince1970: 0), lastModified: Date(timeIntervalSince1970: 0),
            version: 0)
        guard case .object(var members) = resource.representation(location: "") else { return "{}" }
        members["id"] = nil
        members["meta"] = nil
        members["schemas"] = nil
        return String(decoding: JSONValue.object(members).serialized(), as: UTF8.self)
    }

    /// A user from ``storageJSON()``; `nil` when the text is not a stored user.
    public static func fromStorage(_ text: String) -> SCIMUser? {
        guard let value = try? JSONValue.parse(Data(text.utf8)) else { return nil }
        return try? SCIMUser.from(body: value)
    }
}
