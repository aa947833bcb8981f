import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyStore

/// The wiring of one instance for SCIM requests: its client (with upstream counters) and managed provisioner.
struct InstanceRuntime: Sendable {
    let instance: Instance
    let client: AdminAPIClient
    let statistics: ClientStatistics
    let provisioner: ManagedProvisioner
}

/// Builds and caches an ``InstanceRuntime`` per instance, rebuilt when its mode or URL changes (an operator
/// may run `instances set-mode` while the server runs). Intents are resumed when a runtime is first built.
actor InstanceRegistry {
    private let database: ScimifyDatabase
    private let serializer: CrossProcessChangeSerializer
    private let pacing: TokenBucket
    private let retry: RetryPolicy
    private var runtimes: [Int64: InstanceRuntime] = [:]

    init(database: ScimifyDatabase, pacing: TokenBucket, retry: RetryPolicy) throws {
        self.retry = retry
        self.database = database
        self.serializer = try CrossProcessChangeSerializer(lockPath: database.path + ".locks")
        self.pacing = pacing
    }

    func runtime(for instance: Instance) async throws -> InstanceRuntime {
        if let cached = runtimes[instance.id], cached.instance == instance { return cached }
        guard let key = AdminAPIKey(try database.apiKey(of: instance)) else {
            throw StoreError("instance \(instance.slug) has no Admin API key")
        }
        let statistics = runtimes[instance.id]?.statistics ?? ClientStatistics()
        let client = AdminAPIClient(
            key: key,
            configuration: .init(baseURL: instance.apiBaseURL, retry: retry, pacing: pacing),
            statistics: statistics
        )
        let provisioner = ManagedProvisioner(
            instance: instance,
            api: client,
            recorder: SCIMAuditRecorder(store: StoreRecorder(database: database, instanceID: instance.id)),
            serializer: serializer,
            journal: SQLiteIntentJournal(database: database, instanceID: instance.id)
        )
        let runtime = InstanceRuntime(instance: instance, client: client, statistics: statistics, provisioner: provisioner)
        try? await provisioner.resumeUnfinishedIntents(actor: .init(name: "scim:\(instance.slug)", source: .scim))
        runtimes[instance.id] = runtime
        return runtime
    }

    /// Upstream counters of every runtime built so far.
    func allStatistics() -> [(slug: String, statistics: ClientStatistics)] {
        runtimes.values.map { ($0.instance.slug, $0.statistics) }.sorted { $0.slug < $1.slug }
    }
}

/// Audits SCIM changes but leaves record links to the SCIM service, which owns its records (a SCIM userName
/// need not be the email that was invited).
struct SCIMAuditRecorder: ProvisioningRecorder {
    let store: StoreRecorder

    func record(_ event: AuditEvent) async throws { try await store.record(event) }

    func link(email: String, outcome: ProvisioningOutcome, requestedRole: ClaudeRole?, source: ScimRecord.Source) async throws {}
}
