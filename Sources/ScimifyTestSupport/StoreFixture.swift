import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyRuntime
import ScimifySQLite
import ScimifyStorage

/// A real SQLite database in a temporary directory with one instance pointing at a running simulator.
public struct StoreFixture: Sendable {
    public let directory: TemporaryDirectory
    public let database: ScimifyDatabase
    public let instance: Instance
    public let scimToken: String

    /// Creates the database and an instance for `simulator` in `mode`.
    public init(simulator: RunningSimulator, mode: Instance.Mode = .enforce, name: String = "Acme") throws {
        let directory = try TemporaryDirectory()
        let database = try ScimifyDatabase(path: directory.file("scimify.sqlite"), environment: [:])
        let created = try simulator.adminKey.withSecret {
            try database.addInstance(name: name, apiBaseURL: simulator.baseURL, apiKey: $0, mode: mode)
        }
        self.directory = directory
        self.database = database
        instance = created.instance
        scimToken = created.scimToken
    }

    /// The database path, for child processes (`--db`).
    public var path: String { database.path }

    public var recorder: StoreRecorder { StoreRecorder(database: database, instanceID: instance.id) }

    /// The instance wired by the runtime (as the CLI, the console and `scimify serve` wire it) with `client`.
    public func runtime(client: AdminAPIClient) throws -> InstanceRuntime {
        try InstanceRuntime(store: database, instance: instance, client: client)
    }

    /// The managed provisioner of the instance, with the cross-process serializer and the intent journal.
    public func provisioner(client: AdminAPIClient) throws -> ManagedProvisioner {
        try runtime(client: client).provisioner
    }

    public func refresher(client: AdminAPIClient) -> Refresher {
        Refresher(instance: instance, api: client, store: database, recorder: recorder)
    }
}
