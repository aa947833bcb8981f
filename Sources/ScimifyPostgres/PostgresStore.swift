import Foundation
import PostgresNIO
import ScimifyCore
import ScimifyStorage

/// The ``StorePort`` on PostgreSQL, for several `scimify serve` replicas on one database: the same answers as
/// the SQLite store (the parity tests compare them), changes to one person serialized by advisory locks, and
/// every instance setting or token change announced on the change feed so other replicas drop their caches.
public struct PostgresStore: StorePort {
    /// The connection pool every part of this store queries through.
    public let pool: PostgresPool
    public let instanceStore: PostgresInstanceStore
    let records: PostgresRecordStore
    let audit: PostgresAuditLog
    let mirrorStore: PostgresMirrorStore
    let claude: PostgresClaudeState
    let dismissals: PostgresProblemDismissals
    let requestLog: PostgresRequestLog

    /// - Parameter environment: read for `SCIMIFY_MASTER_KEY` (``PostgresInstanceStore``).
    public init(pool: PostgresPool, environment: [String: String]) throws {
        self.pool = pool
        instanceStore = try PostgresInstanceStore(pool: pool, environment: environment)
        records = PostgresRecordStore(pool: pool)
        audit = PostgresAuditLog(pool: pool)
        mirrorStore = PostgresMirrorStore(pool: pool)
        claude = PostgresClaudeState(pool: pool)
        dismissals = PostgresProblemDismissals(pool: pool)
        requestLog = PostgresRequestLog(pool: pool)
    }

    public var locationDescription: String { pool.location.description }

    public func wiring(for instance: Instance, now: @escaping @Sendable () -> Date) throws -> InstanceStoreWiring {
        InstanceStoreWiring(
            recorder: PostgresRecorder(pool: pool, instanceID: instance.id, now: now),
            journal: PostgresIntentJournal(pool: pool, instanceID: instance.id),
            removalGuard: PostgresRemovalGuard(pool: pool, instanceID: instance.id),
            serializer: AdvisoryLockChangeSerializer(pool: pool, instanceID: instance.id),
            mirror: mirrorStore)
    }

    // Instances.

    public func addInstance(
        name: String, slug: String?, apiBaseURL: String, apiKey: String, mode: Instance.Mode, now: Date,
        audit: AuditEvent?
    ) async throws -> CreatedInstance {
        try await instanceStore.addInstance(
            name: name, slug: slug, apiBaseURL: apiBaseURL, apiKey: apiKey, mode: mode, now: now, audit: audit)
    }
    public func instances() async throws -> [Instance] { try await instanceStore.instances() }
    public func instance(named name: String) async throws -> Instance? { try await instanceStore.instance(named: name) }
    public func apiKey(of instance: Instance) async throws -> String { try await instanceStore.apiKey(of: instance) }
    public func rotateToken(of instance: Instance, audit: AuditEvent?) async throws -> String {
        try await instanceStore.rotateToken(of: instance, audit: audit)
    }
    public func instanceForAuthentication(slug: String) async throws -> (instance: Instance, tokenHash: Data)? {
        try await instanceStore.instanceForAuthentication(slug: slug)
    }
    public func changeSetting(_ setting: InstanceSetting, of instance: Instance, actor: String, at: Date)
        async throws
    {
        try await instanceStore.changeSetting(setting, of: instance, actor: actor, at: at)
    }
    public func removeInstance(_ instance: Instance, audit: AuditEvent?) async throws {
        try await instanceStore.removeInstance(instance, audit: audit)
    }

    // Records and Claude's state.

    public func orderedRecords(instanceID: Int64) async throws -> [ScimRecord] {
        try await records.orderedRecords(instanceID: instanceID)
    }
    public func record(instanceID: Int64, id: String) async throws -> ScimRecord? {
        try await records.record(instanceID: instanceID, id: id)
    }
    public func record(instanceID: Int64, userName: String) async throws -> ScimRecord? {
        try await records.record(instanceID: instanceID, userName: userName)
    }
    public func record(instanceID: Int64, email: String) async throws -> ScimRecord? {
        try await records.record(instanceID: instanceID, email: email)
    }
    public func managedEmails(instanceID: Int64) async throws -> Set<String> {
        try await records.managedEmails(instanceID: instanceID, among: nil)
    }
    public func recordWithClaudeState(instanceID: Int64, userName: String, now: Date) async throws -> (
        record: ScimRecord, claude: MirroredPerson?
    )? {
        guard let record = try await records.record(instanceID: instanceID, userName: userName) else { return nil }
        return (record, try await claude.claudeState(instanceID: instanceID, email: record.email, now: now))
    }
    public func claudeState(instanceID: Int64, email: String, now: Date) async throws -> MirroredPerson? {
        try await claude.claudeState(instanceID: instanceID, email: email, now: now)
    }
    public func mirroredPeople(instanceID: Int64, emails: [String]?, now: Date) async throws -> [String:
        MirroredPerson]
    {
        try await claude.mirroredPeople(instanceID: instanceID, emails: emails, now: now)
    }
    public func isUnconfirmed(instanceID: Int64, email: String) async throws -> Bool {
        try await PostgresRecorder(pool: pool, instanceID: instanceID).isUnconfirmed(email: email)
    }

    // The mirror.

    public func mirror(instanceID: Int64) async throws -> (members: [Member], invites: [Invite], refreshedAt: Date)? {
        try await mirrorStore.mirror(instanceID: instanceID)
    }
    public func lastRefresh(instanceID: Int64) async throws -> Date? {
        try await mirrorStore.lastRefresh(instanceID: instanceID)
    }
    public func mirrorPreview(instanceID: Int64, limit: Int) async throws -> MirrorPreview? {
        try await mirrorStore.preview(instanceID: instanceID, limit: limit, records: records)
    }

    // Audit, problems, intents.

    public func appendAudit(_ event: AuditEvent) async throws { _ = try await audit.append(event) }
    public func auditEvents(instanceID: Int64?, since: Date?, batchID: String?, limit: Int) async throws
        -> [AuditEvent]
    {
        try await audit.events(instanceID: instanceID, since: since, batchID: batchID, limit: limit)
    }
    public func changeCounter() async throws -> Int64 { try await audit.changeCounter() }

    // The request log.

    public func appendLoggedRequests(_ requests: [LoggedRequest]) async throws {
        try await requestLog.append(requests)
    }
    public func loggedRequests(_ query: RequestLogQuery) async throws -> [LoggedRequest] {
        try await requestLog.requests(query)
    }
    public func loggedRequest(id: Int64) async throws -> LoggedRequest? { try await requestLog.request(id: id) }
    public func newestLoggedRequestID(instanceID: Int64?, before date: Date) async throws -> Int64? {
        try await requestLog.newestID(instanceID: instanceID, before: date)
    }
    public func loggedRequestID(instanceID: Int64?, newestRank rank: Int) async throws -> Int64? {
        try await requestLog.id(instanceID: instanceID, newestRank: rank)
    }
    public func deleteLoggedRequests(instanceID: Int64?, atMostID: Int64, limit: Int) async throws -> Int {
        try await requestLog.delete(instanceID: instanceID, atMostID: atMostID, limit: limit)
    }
    public func dismissedProblemIDs(instanceID: Int64) async throws -> Set<String> {
        try await dismissals.dismissedProblemIDs(instanceID: instanceID)
    }
    public func dismissProblem(instanceID: Int64, id: String, reason: String, audit: AuditEvent) async throws {
        try await dismissals.dismissProblem(instanceID: instanceID, id: id, reason: reason, audit: audit)
    }
    public func openIntentCounts() async throws -> [Int64: Int] {
        try await PostgresIntentJournal.counts(state: .open, pool: pool)
    }
    public func attentionCounts() async throws -> [Int64: Int] {
        try await PostgresIntentJournal.counts(state: .needsAttention, pool: pool)
    }
    public func instancesWithUnfinishedIntents() async throws -> [Int64] {
        try await openIntentCounts().keys.sorted()
    }
}
