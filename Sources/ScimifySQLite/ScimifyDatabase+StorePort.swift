import Foundation
import ScimifyCore
import ScimifyStorage

/// The SQLite store is the ``StorePort`` of one machine: its synchronous methods answer the port's
/// asynchronous requirements, changes to one person are serialized across processes by a lock file beside
/// the database, and the refresh pipeline reads the previous mirror while pages are still arriving.
extension ScimifyDatabase: StorePort {
    public var locationDescription: String { path }

    public func wiring(for instance: Instance, now: @escaping @Sendable () -> Date) throws -> InstanceStoreWiring {
        InstanceStoreWiring(
            recorder: StoreRecorder(database: self, instanceID: instance.id, now: now),
            journal: SQLiteIntentJournal(database: self, instanceID: instance.id),
            removalGuard: SQLiteRemovalGuard(database: self, instanceID: instance.id),
            serializer: try CrossProcessChangeSerializer.shared(lockPath: path + ".locks"),
            mirror: self)
    }
}
