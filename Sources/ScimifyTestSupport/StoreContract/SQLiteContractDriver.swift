import Foundation
import ScimifySQLite
import ScimifyStorage

/// The SQLite driver under the store contract: a new database file per requirement, and a second open of the
/// same file (as another `scimify` process would) for what must hold across processes.
package struct SQLiteContractDriver: StoreContractDriver {
    let environment = ["SCIMIFY_MASTER_KEY": ThrowawayPostgresDatabase.newMasterKey()]

    package init() {}

    package func withStores(_ body: @Sendable (ContractStores) async throws -> Void) async throws {
        try await withStore { store, path in
            let second = try ScimifyDatabase(path: path, environment: environment)
            try await body(
                ContractStores(
                    store: store, second: second,
                    withEmptyStore: { target in try await withStore { empty, _ in try await target(empty) } }))
        }
    }

    private func withStore(_ body: (ScimifyDatabase, String) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("scimify.sqlite")
        try await body(try ScimifyDatabase(path: path, environment: environment), path)
    }
}
