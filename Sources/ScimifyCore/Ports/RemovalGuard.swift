import Foundation

/// A removal the guard held: the IdP was answered as usual, Claude was not touched.
public struct HeldRemoval: Sendable, Equatable {
    public var id: String
    public var email: String
    public var heldAt: Date
    public var idpRequestID: String?
    /// Why it was held, in one sentence.
    public var reason: String

    public init(id: String, email: String, heldAt: Date, idpRequestID: String?, reason: String) {
        self.id = id
        self.email = email
        self.heldAt = heldAt
        self.idpRequestID = idpRequestID
        self.reason = reason
    }
}

/// What the guard decided for one removal from the SCIM path.
public enum RemovalAdmission: Sendable, Equatable {
    case proceed
    case held(HeldRemoval)
}

/// The store's side of the mass-removal guard: counts SCIM removals per window across every process (one
/// write transaction decides, so two servers never both take the last slot) and keeps the held ones.
public protocol RemovalGuard: Sendable {
    /// Takes a removal slot under `policy`, or holds the removal of `email` when the window is full.
    func admit(email: String, policy: RemovalGuardPolicy, idpRequestID: String?, now: Date) async throws
        -> RemovalAdmission
    /// Removals held now, oldest first.
    func heldRemovals() async throws -> [HeldRemoval]
    /// Removes and returns the held removal with this id (approved or dismissed).
    func take(id: String) async throws -> HeldRemoval?
    /// Cancels a held removal of `email` (the IdP made the person active again); returns it if there was one.
    func cancel(email: String) async throws -> HeldRemoval?
}
