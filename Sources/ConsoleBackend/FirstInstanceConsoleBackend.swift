import Console
import Foundation
import ScimifyCore
import ScimifyRuntime
import ScimifyStorage
import Synchronization

/// The console's backend on a store with no instance yet (`scimify console` on a first day): the console opens
/// on the add form instead of exiting. Until an instance is added it shows nothing and offers only that; once
/// one is, every call goes to a ``StoreConsoleBackend`` on it, as if the console had been opened there.
public final class FirstInstanceConsoleBackend: ConsoleBackend {
    private let store: any StorePort
    private let settings: ClientSettings
    private let operatorName: String
    private let rateLimits: RateLimitBoard?
    private let opened = Mutex<StoreConsoleBackend?>(nil)

    public init(store: any StorePort, settings: ClientSettings, operatorName: String, rateLimits: RateLimitBoard? = nil)
    {
        self.store = store
        self.settings = settings
        self.operatorName = operatorName
        self.rateLimits = rateLimits
    }

    private var backend: StoreConsoleBackend? { opened.withLock { $0 } }

    public func load() async throws -> ConsoleSnapshot {
        if let backend { return try await backend.load() }
        return ConsoleSnapshot(
            instance: nil, organizationName: nil, members: [], invites: [], managedEmails: [], audit: [],
            instances: try await store.instances(), lastRefresh: nil)
    }

    public func preview(rows: Int) async throws -> ConsoleSnapshot? { try await backend?.preview(rows: rows) }

    public func organizationName() async -> String? { await backend?.organizationName() }

    public func perform(_ effect: ConsoleEffect, progress: @escaping @Sendable (ConsoleEvent) -> Void) async
        -> ConsoleEvent
    {
        if let backend { return await backend.perform(effect, progress: progress) }
        guard case .addInstance(let new) = effect else {
            return .instanceActionFinished(
                message: nil, failure: "no instance yet: add one first (a on Instances)", notice: nil)
        }
        let actor = "console:\(operatorName)"
        let (event, added) = await StoreConsoleBackend.addInstance(
            new, administration: InstanceAdministration(store: store, settings: settings, actorName: actor))
        guard let added else { return event }
        do {
            let runtime = try await InstanceRuntime(store: store, instance: added, settings: settings)
            opened.withLock {
                $0 = StoreConsoleBackend(
                    runtime: runtime, settings: settings, operatorName: operatorName, rateLimits: rateLimits)
            }
        } catch {
            return .instanceActionFinished(
                message: nil, failure: "added, but it cannot be opened: \(StoreConsoleBackend.message(error))",
                notice: nil)
        }
        return event
    }

    public func performItem(_ effect: ConsoleEffect, batchID: String) async -> ChangeReport {
        guard let backend else { return ChangeReport(failure: "no instance yet: add one first") }
        return await backend.performItem(effect, batchID: batchID)
    }

    public func changeCounter() async -> Int64? { try? await store.changeCounter() }

    public func waitingForRateLimit() async -> Date? { await backend?.waitingForRateLimit() }
}
