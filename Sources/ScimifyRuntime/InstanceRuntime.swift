import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyStore

/// One stored instance wired for use, the single place where that wiring is written: its decrypted key ->
/// client -> the store's recorder (the one write path) -> the cross-process serializer -> the intent journal
/// -> the managed provisioner. The CLI, the console, `scimify serve` and the test fixtures all use it.
public struct InstanceRuntime: Sendable {
    public let database: ScimifyDatabase
    public let instance: Instance
    public let client: AdminAPIClient
    public let statistics: ClientStatistics
    public let recorder: StoreRecorder
    public let journal: SQLiteIntentJournal
    public let removalGuard: SQLiteRemovalGuard
    public let provisioner: ManagedProvisioner

    /// Wires `instance` of `database`.
    /// - Throws: ``ScimifyStore/StoreError`` when the key cannot be decrypted or the lock file opened.
    public init(
        database: ScimifyDatabase, instance: Instance, settings: ClientSettings,
        statistics: ClientStatistics = ClientStatistics(), now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        guard let key = AdminAPIKey(try database.apiKey(of: instance)) else {
            throw StoreError("instance \(instance.slug) has an empty Admin API key")
        }
        try self.init(
            database: database, instance: instance,
            client: settings.client(
                baseURL: instance.apiBaseURL, key: key, statistics: statistics, instance: instance.slug),
            statistics: statistics, now: now)
    }

    /// Wires `instance` with a client built elsewhere (tests that count or fake its calls).
    public init(
        database: ScimifyDatabase, instance: Instance, client: AdminAPIClient,
        statistics: ClientStatistics = ClientStatistics(), now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        self.database = database
        self.instance = instance
        self.client = client
        self.statistics = statistics
        recorder = StoreRecorder(database: database, instanceID: instance.id, now: now)
        journal = SQLiteIntentJournal(database: database, instanceID: instance.id)
        removalGuard = SQLiteRemovalGuard(database: database, instanceID: instance.id)
        provisioner = ManagedProvisioner(
            instance: instance,
            api: client,
            recorder: recorder,
            serializer: try CrossProcessChangeSerializer.shared(lockPath: database.path + ".locks"),
            journal: journal,
            removalGuard: removalGuard,
            now: now
        )
    }

    /// Refresh users of this instance through the same recorder.
    public var refresher: Refresher { Refresher(instance: instance, api: client, store: database, recorder: recorder) }

    /// Finishes this instance's journaled changes (audited as `actor`); never throws for one email's failure.
    /// - Returns: what the pass did, or `nil` when the journal could not even be read.
    @discardableResult
    public func resumeIntents(actor: ManagedProvisioner.Actor) async -> IntentResumeReport? {
        try? await provisioner.resumeUnfinishedIntents(actor: actor)
    }
}
