/// A store failure in words an operator can act on. Never contains a secret.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    /// The write broke a uniqueness rule (such as two SCIM records with one userName).
    public let isDuplicate: Bool

    public init(_ message: String, isDuplicate: Bool = false) {
        self.message = message
        self.isDuplicate = isDuplicate
    }

    public var description: String { message }
}
