import Foundation
import ScimifyPostgres
import ScimifyStorage

/// The PostgreSQL driver under the store contract: a throwaway database per requirement on the server
/// `SCIMIFY_TEST_DATABASE_URL` names, and a second connection pool on it (as another replica would open it).
package struct PostgresContractDriver: StoreContractDriver {
    let serverURL: String
    let environment = ["SCIMIFY_MASTER_KEY": ThrowawayPostgresDatabase.newMasterKey()]

    /// `nil` when no test server is configured (the suite is then skipped).
    package init?() {
        guard let url = ThrowawayPostgresDatabase.serverURL else { return nil }
        serverURL = url
    }

    package func withStores(_ body: @Sendable (ContractStores) async throws -> Void) async throws {
        let (serverURL, environment) = (serverURL, environment)
        try await ThrowawayPostgresDatabase.with(serverURL: serverURL) { location in
            try await withPostgresTestPool(location) { pool in
                try await withPostgresTestPool(location) { secondPool in
                    let store = try PostgresStore(pool: pool, environment: environment)
                    let second = try PostgresStore(pool: secondPool, environment: environment)
                    try await body(
                        ContractStores(
                            store: store, second: second,
                            withEmptyStore: { target in
                                try await ThrowawayPostgresDatabase.with(serverURL: serverURL) { emptyLocation in
                                    try await withPostgresTestPool(emptyLocation) { emptyPool in
                                        try await target(
                                            try PostgresStore(pool: emptyPool, environment: environment))
                                    }
                                }
                            }))
                }
            }
        }
    }
}
