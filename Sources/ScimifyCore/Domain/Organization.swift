/// The organization an Admin API key belongs to (`GET /v1/organizations/me`).
public struct Organization: Hashable, Sendable, Codable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
