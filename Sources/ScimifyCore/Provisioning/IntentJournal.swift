import Foundation

/// A cancel-and-reinvite in progress: written before its first step, cleared after its last.
///
/// It carries the email's change generation when it began: if any newer change to that email is recorded
/// before it is resumed, it is closed as superseded instead of overwriting that newer change.
public struct ReinviteIntent: Sendable, Equatable, Codable {
    public var id: String
    public var email: String
    public var oldInviteID: String
    public var oldRole: ClaudeRole
    public var newRole: ClaudeRole
    public var createdAt: Date
    /// The email's change generation (``IntentJournal/generation(of:)``) when the intent began.
    public var generation: Int
    /// The request-ids of the steps whose answers arrived (``IntentJournal/recordStep(intentID:requestID:)``),
    /// oldest first: a resume after a crash audits them with the change.
    public var stepRequestIDs: [String] = []

    public init(
        id: String,
        email: String,
        oldInviteID: String,
        oldRole: ClaudeRole,
        newRole: ClaudeRole,
        createdAt: Date,
        generation: Int = 0
    ) {
        self.id = id
        self.email = email
        self.oldInviteID = oldInviteID
        self.oldRole = oldRole
        self.newRole = newRole
        self.createdAt = createdAt
        self.generation = generation
    }
}

/// An intent that ended refused and waits for an operator: it is never replayed on its own.
public struct AttentionIntent: Sendable, Equatable {
    public var intent: ReinviteIntent
    /// Why it stopped, in the core's words.
    public var reason: String
    /// Every upstream request-id of the attempt that stopped it.
    public var requestIDs: [String]
    public var since: Date

    public init(intent: ReinviteIntent, reason: String, requestIDs: [String], since: Date) {
        self.intent = intent
        self.reason = reason
        self.requestIDs = requestIDs
        self.since = since
    }
}

/// Durable storage for ``ReinviteIntent``s so a crash between the two steps can be finished later, and the
/// per-email change generations that keep a late intent from overwriting a newer change.
public protocol IntentJournal: Sendable {
    /// Records the intent durably before the first upstream step.
    func begin(_ intent: ReinviteIntent) async throws
    /// Adds the request-id of a step whose answer just arrived to the open intent, durably and at once, so the
    /// write is audited by the resume even when the process dies before the change is recorded.
    func recordStep(intentID: String, requestID: String) async throws
    /// Clears the intent (finished, superseded, or dismissed by an operator).
    func complete(intentID: String) async throws
    /// Open intents (begun, neither finished nor waiting for an operator), oldest first.
    func unfinished() async throws -> [ReinviteIntent]
    /// Moves an intent out of the open ones: it waits for an operator and is never replayed on its own.
    func markNeedsAttention(intentID: String, reason: String, requestIDs: [String]) async throws
    /// Intents waiting for an operator, oldest first.
    func needingAttention() async throws -> [AttentionIntent]
    /// Puts an intent that needs attention back among the open ones, for an operator's retry.
    func reopen(intentID: String) async throws
    /// How many changes to `email` have been recorded (increases with every recorded change).
    func generation(of email: String) async throws -> Int
}
