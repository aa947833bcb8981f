import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyStorage

/// One stored instance wired for use, the single place where that wiring is written: its decrypted key ->
/// client -> the store's recorder (the one write path) -> the store's change serializer (across processes or
/// replicas) -> the intent journal -> the managed provisioner. The CLI, the console, `scimify serve` and the
/// test fixtures all use it, on either store (``StorePort``).
public struct InstanceRuntime: Sendable {
    public let store: any StorePort
    public let instance: Instance
    public let client: AdminAPIClient
    public let statistics: ClientStatistics
    public let recorder: any ProvisioningRecorder
    public let journal: any IntentJournal
    public let removalGuard: any RemovalGuard
    /// Where refresh users writes the mirror.
    public let mirror: any MirrorStore
    public let provisioner: ManagedProvisioner

    /// Wires `instance` of `store`.
    /// - Throws: ``ScimifyStore/StoreError`` when the key cannot be decrypted or the serializer opened.
    public init(
        store: any StorePort, instance: Instance, settings: ClientSettings,
        statistics: ClientStatistics = ClientStatistics(), now: @escaping @Sendable () -> Date = { Date() }
    ) async throws {
        guard let key = AdminAPIKey(try await store.apiKey(of: instance)) else {
            throw StoreError("instance \(instance.slug) has an empty Admin API key")
        }
        try self.init(
            store: store, instance: instance,
            client: settings.client(
                baseURL: instance.apiBaseURL, key: key, statistics: statistics, instance: instance.slug,
                sharedPacer: settings.sharedPacer?(instance)),
            statistics: statistics, now: now)
    }

    /// Wires `instance` with a client built elsewhere (tests that count or fake its calls).
    public init(
        store: any StorePort, instance: Instance, client: AdminAPIClient,
        statistics: ClientStatistics = ClientStatistics(), now: @escaping @Sendable () -> Date = { Date() }
    ) throws {
        let wiring = try store.wiring(for: instance, now: now)
        self.store = store
        self.instance = instance
        self.client = client
        self.statistics = statistics
        let recorder = TracedRecorder(wiring.recorder)
        self.recorder = recorder
        journal = wiring.journal
        removalGuard = wiring.removalGuard
        mirror = wiring.mirror
        provisioner = ManagedProvisioner(
            instance: instance,
            api: client,
            recorder: recorder,
            serializer: wiring.serializer,
            journal: wiring.journal,
            removalGuard: wiring.removalGuard,
            now: now
        )
    }

    /// This runtime with the settings the store holds now (mode, removal guard, key offboarding): a change reads
    /// them where it acts, so `instances set-mode NAME dry-run` (or a new guard or offboarding policy) applies to
    /// the very next change of a console that was open before, never after a cache expires. Itself when nothing
    /// changed; the client is kept unless the API base URL changed.
    /// - Throws: ``ScimifyStore/StoreError`` when the instance was removed meanwhile.
    public func current(settings: ClientSettings) async throws -> InstanceRuntime {
        guard let fresh = try await store.instance(named: instance.slug), fresh.id == instance.id else {
            throw StoreError("instance \(instance.slug) no longer exists")
        }
        if fresh == instance { return self }
        if fresh.apiBaseURL == instance.apiBaseURL {
            return try InstanceRuntime(store: store, instance: fresh, client: client, statistics: statistics)
        }
        return try await InstanceRuntime(store: store, instance: fresh, settings: settings, statistics: statistics)
    }

    /// Refresh users of this instance through the same recorder.
    public var refresher: Refresher { Refresher(instance: instance, api: client, store: mirror, recorder: recorder) }

    /// Finishes this instance's journaled changes (audited as `actor`); never throws for one email's failure.
    /// - Returns: what the pass did, or `nil` when the journal could not even be read.
    @discardableResult
    public func resumeIntents(actor: ManagedProvisioner.Actor) async -> IntentResumeReport? {
        try? await provisioner.resumeUnfinishedIntents(actor: actor)
    }
}
