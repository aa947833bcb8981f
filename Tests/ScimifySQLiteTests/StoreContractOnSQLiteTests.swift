import ScimifyTestSupport
import Testing

/// The store contract (``StoreContract``) on the SQLite driver: every requirement, each on a new database file.
@Suite(.timeLimit(.minutes(3)))
struct StoreContractOnSQLiteTests {
    @Test(arguments: StoreContract.requirements)
    func requirement(_ requirement: StoreRequirement) async throws {
        try await requirement.check(on: SQLiteContractDriver())
    }
}
