/// An organization role as the Admin API spells it.
///
/// Any string decodes (the API may add roles at any time); only ``provisionable`` roles may be
/// assigned by Scimify, and ``admin`` never is.
public struct ClaudeRole: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    public static let user = ClaudeRole(rawValue: "user")
    public static let developer = ClaudeRole(rawValue: "developer")
    public static let billing = ClaudeRole(rawValue: "billing")
    public static let claudeCodeUser = ClaudeRole(rawValue: "claude_code_user")
    public static let admin = ClaudeRole(rawValue: "admin")

    /// The roles Scimify assigns, in the order pickers and messages list them.
    public static let provisionable: [ClaudeRole] = [.user, .developer, .billing, .claudeCodeUser]

    /// The role an invite gets when none is requested.
    public static let `default`: ClaudeRole = .user

    /// Whether Scimify may assign this role (and change or remove a member holding it).
    public var isProvisionable: Bool { Self.provisionable.contains(self) }

    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Validates a role that someone asked Scimify to assign.
    ///
    /// Matching ignores surrounding whitespace and letter case (`Developer`, ` user `).
    /// - Parameter requested: the role text from the IdP, console or CLI.
    /// - Returns: the provisionable role.
    /// - Throws: ``ProvisioningError`` `.adminNotAssignable` for `admin`, `.invalidRole` for anything else
    ///   that is not provisionable.
    public static func requested(_ requested: String) throws(ProvisioningError) -> ClaudeRole {
        let normalized = requested.trimmingSpaces().lowercased()
        if normalized == ClaudeRole.admin.rawValue {
            throw .adminNotAssignable()
        }
        if let role = provisionable.first(where: { $0.rawValue == normalized }) {
            return role
        }
        throw .invalidRole(requested)
    }

    /// The provisionable role names joined for messages: `user, developer, billing, claude_code_user`.
    public static var provisionableList: String {
        provisionable.map(\.rawValue).joined(separator: ", ")
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines (no Foundation needed).
    package func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
