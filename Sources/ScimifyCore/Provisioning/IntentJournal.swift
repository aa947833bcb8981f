import Foundation

/// A cancel-and-reinvite in progress: written before its first step, cleared after its last.
public struct ReinviteIntent: Sendable, Equatable, Codable {
    public var id: String
    public var email: String
    public var oldInviteID: String
    public var oldRole: ClaudeRole
    public var newRole: ClaudeRole
    public var createdAt: Date

    public init(
        id: String,
        email: String,
        oldInviteID: String,
        oldRole: ClaudeRole,
        newRole: ClaudeRole,
        createdAt: Date
    ) {
        self.id = id
        self.email = email
        self.oldInviteID = oldInviteID
        self.oldRole = oldRole
        self.newRole = newRole
        self.createdAt = createdAt
    }
}

/// Durable storage for ``ReinviteIntent``s so a crash between the two steps can be finished later.
public protocol IntentJournal: Sendable {
    /// Records the intent durably before the first upstream step.
    func begin(_ intent: ReinviteIntent) async throws
    /// Clears the intent after its last step.
    func complete(intentID: String) async throws
    /// Intents begun and never completed, oldest first.
    func unfinished() async throws -> [ReinviteIntent]
}
