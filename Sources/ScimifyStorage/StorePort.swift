import Foundation
import ScimifyCore

/// Everything the runtime, the SCIM server and the CLI read and write, behind one asynchronous port with two
/// implementations: ``ScimifyDatabase`` (SQLite, the embedded default of one machine) and the PostgreSQL
/// store that several replicas share. The core's own ports (recorder, journal, guard, serializer, mirror)
/// come per instance from ``wiring(for:now:)``, so every path writes through the same implementation.
public protocol StorePort: Sendable {
    /// Where the store is, for messages (a path, or a PostgreSQL URL without its password).
    var locationDescription: String { get }

    // Instances and their secrets.
    /// Adds an instance; `audit` (its instance id and slug filled in from the new row) is written in the same
    /// transaction.
    func addInstance(
        name: String, slug: String?, apiBaseURL: String, apiKey: String, mode: Instance.Mode, now: Date,
        audit: AuditEvent?
    ) async throws -> CreatedInstance
    func instances() async throws -> [Instance]
    /// The instance with this slug (or display name, case-insensitively).
    func instance(named name: String) async throws -> Instance?
    /// The decrypted Admin API key (for building the instance's client; never logged).
    func apiKey(of instance: Instance) async throws -> String
    /// Replaces the SCIM token (the old one stops working at once) and returns the new one, to show once.
    /// `audit` is written in the same transaction.
    func rotateToken(of instance: Instance, audit: AuditEvent?) async throws -> String
    func instanceForAuthentication(slug: String) async throws -> (instance: Instance, tokenHash: Data)?
    /// Changes one setting of `instance` and writes its audit row (``InstanceSetting/audit(of:actor:at:)``) in
    /// one transaction; a running `serve` reads it at its next change.
    func changeSetting(_ setting: InstanceSetting, of instance: Instance, actor: String, at: Date) async throws
    /// Removes an instance with its records, mirror and intents (its audit rows stay); `audit` is written in the
    /// same transaction.
    func removeInstance(_ instance: Instance, audit: AuditEvent?) async throws

    // SCIM records and what Claude has for them.
    func orderedRecords(instanceID: Int64) async throws -> [ScimRecord]
    func record(instanceID: Int64, id: String) async throws -> ScimRecord?
    func record(instanceID: Int64, userName: String) async throws -> ScimRecord?
    func record(instanceID: Int64, email: String) async throws -> ScimRecord?
    /// Email keys of the active records the IdP pushed.
    func managedEmails(instanceID: Int64) async throws -> Set<String>
    func recordWithClaudeState(instanceID: Int64, userName: String, now: Date) async throws -> (
        record: ScimRecord, claude: MirroredPerson?
    )?
    func claudeState(instanceID: Int64, email: String, now: Date) async throws -> MirroredPerson?
    func mirroredPeople(instanceID: Int64, emails: [String]?, now: Date) async throws -> [String: MirroredPerson]
    /// Whether a change to `email` was sent upstream without its outcome being known yet.
    func isUnconfirmed(instanceID: Int64, email: String) async throws -> Bool

    // The mirror.
    func mirror(instanceID: Int64) async throws -> (members: [Member], invites: [Invite], refreshedAt: Date)?
    func lastRefresh(instanceID: Int64) async throws -> Date?
    func mirrorPreview(instanceID: Int64, limit: Int) async throws -> MirrorPreview?

    // The audit log.
    func appendAudit(_ event: AuditEvent) async throws
    func auditEvents(instanceID: Int64?, since: Date?, batchID: String?, limit: Int) async throws -> [AuditEvent]
    /// A number that changes whenever any process records a change (live consoles poll it).
    func changeCounter() async throws -> Int64

    // The SCIM request log (``LoggedRequest``), written by `serve` beside the requests, never in their way.
    /// Appends requests (in one transaction), each written as ``RequestLogCaps/storable(_:)`` says.
    func appendLoggedRequests(_ requests: [LoggedRequest]) async throws
    /// Logged requests newest first (by id), as `query` filters them.
    func loggedRequests(_ query: RequestLogQuery) async throws -> [LoggedRequest]
    func loggedRequest(id: Int64) async throws -> LoggedRequest?
    /// The newest id logged for `instanceID` (`nil`: for no known instance) before `date`.
    func newestLoggedRequestID(instanceID: Int64?, before date: Date) async throws -> Int64?
    /// The id of the request `rank` places below the newest of `instanceID` (0 is the newest), if any.
    func loggedRequestID(instanceID: Int64?, newestRank rank: Int) async throws -> Int64?
    /// Deletes at most `limit` of the oldest requests of `instanceID` with an id at most `atMostID`, in one short
    /// transaction; returns how many went.
    func deleteLoggedRequests(instanceID: Int64?, atMostID: Int64, limit: Int) async throws -> Int

    // Problems and intents.
    func dismissedProblemIDs(instanceID: Int64) async throws -> Set<String>
    func dismissProblem(instanceID: Int64, id: String, reason: String, audit: AuditEvent) async throws
    func openIntentCounts() async throws -> [Int64: Int]
    func attentionCounts() async throws -> [Int64: Int]
    func instancesWithUnfinishedIntents() async throws -> [Int64]

    /// The core's ports for one instance, all on this store.
    func wiring(for instance: Instance, now: @escaping @Sendable () -> Date) throws -> InstanceStoreWiring
}

/// The core's ports of one instance on one store: the recorder (the one write path), the intent journal, the
/// removal guard's state, the change serializer (across processes or replicas) and the mirror refresh writes.
public struct InstanceStoreWiring: Sendable {
    public var recorder: any ProvisioningRecorder
    public var journal: any IntentJournal
    public var removalGuard: any RemovalGuard
    public var serializer: any ChangeSerializer
    public var mirror: any MirrorStore

    public init(
        recorder: any ProvisioningRecorder, journal: any IntentJournal, removalGuard: any RemovalGuard,
        serializer: any ChangeSerializer, mirror: any MirrorStore
    ) {
        self.recorder = recorder
        self.journal = journal
        self.removalGuard = removalGuard
        self.serializer = serializer
        self.mirror = mirror
    }
}

extension StorePort {
    /// The instance to use: the named one, or the only one when no name is given.
    /// - Throws: ``StoreError`` naming the choices when the answer is ambiguous or missing.
    public func resolveInstance(_ name: String?) async throws -> Instance {
        if let name {
            guard let instance = try await instance(named: name) else {
                throw StoreError("no instance named \(SafeText.quoted(name)); see `scimify instances list`")
            }
            return instance
        }
        let all = try await instances()
        switch all.count {
        case 0: throw StoreError("no instance yet: add one with `scimify instances add --name NAME --api-base-url URL`")
        case 1: return all[0]
        default:
            throw StoreError(
                "several instances exist (\(all.map(\.slug).joined(separator: ", "))): pass --instance NAME")
        }
    }
}

extension StorePort {
    /// The instance `slug` when `token` is its SCIM token (hashes compared in constant time), else `nil`.
    public func authenticatedInstance(slug: String, token: String) async throws -> Instance? {
        guard let stored = try await instanceForAuthentication(slug: slug) else { return nil }
        return SCIMTokenCheck.matches(token, hash: stored.tokenHash) ? stored.instance : nil
    }
}

/// How a presented SCIM token is checked against the hash a store keeps, whatever the driver.
public enum SCIMTokenCheck {
    /// Whether `token` hashes to `hash` (constant-time comparison).
    public static func matches(_ token: String, hash: Data) -> Bool { SecretBox.matches(token: token, hash: hash) }
}

extension StorePort {
    /// ``addInstance(name:slug:apiBaseURL:apiKey:mode:now:audit:)`` with no audit row (fixtures and copies).
    public func addInstance(
        name: String, slug: String?, apiBaseURL: String, apiKey: String, mode: Instance.Mode, now: Date
    ) async throws -> CreatedInstance {
        try await addInstance(
            name: name, slug: slug, apiBaseURL: apiBaseURL, apiKey: apiKey, mode: mode, now: now, audit: nil)
    }

    /// ``rotateToken(of:audit:)`` with no audit row.
    public func rotateToken(of instance: Instance) async throws -> String {
        try await rotateToken(of: instance, audit: nil)
    }

    /// ``removeInstance(_:audit:)`` with no audit row.
    public func removeInstance(_ instance: Instance) async throws {
        try await removeInstance(instance, audit: nil)
    }
}

extension AuditEvent {
    /// This row about `instance` (an instance's row is written before its id is known).
    public func about(_ instance: Instance) -> AuditEvent {
        var event = self
        event.instanceID = instance.id
        event.instanceSlug = instance.slug
        return event
    }
}
