import ScimifyCore

/// An Admin API key. Its text is only readable by the client when it builds a request:
/// `description`, `debugDescription` and reflection show a redacted placeholder.
public struct AdminAPIKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    let secret: String

    /// - Parameter secret: the key; surrounding whitespace (a trailing newline from a key file) is dropped.
    /// - Returns: `nil` when the key is empty.
    public init?(_ secret: String) {
        let trimmed = secret.trimmingSpaces()
        guard !trimmed.isEmpty else { return nil }
        self.secret = trimmed
    }

    public var description: String { "AdminAPIKey(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: []) }

    /// Calls `body` with the key text, for code (such as the store's encryption) that must handle it.
    public func withSecret<T>(_ body: (String) throws -> T) rethrows -> T { try body(secret) }

    /// ``withSecret(_:)`` for a body that suspends (storing the key in a database server).
    public func withSecret<T>(_ body: (String) async throws -> T) async rethrows -> T { try await body(secret) }
}

extension AdminAPIKey: Equatable {
    public static func == (lhs: AdminAPIKey, rhs: AdminAPIKey) -> Bool { lhs.secret == rhs.secret }
}
