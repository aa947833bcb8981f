/// A store failure in words an operator can act on. Never contains a secret.
public struct StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
