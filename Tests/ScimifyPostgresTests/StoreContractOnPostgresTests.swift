import ScimifyTestSupport
import Testing

/// The store contract (``StoreContract``) on the PostgreSQL driver: every requirement, each on a throwaway
/// database of the server `SCIMIFY_TEST_DATABASE_URL` names (`.ci/run` starts one).
@Suite(
    .enabled(if: PostgresContractDriver() != nil, "SCIMIFY_TEST_DATABASE_URL is not set"), .timeLimit(.minutes(3)))
struct StoreContractOnPostgresTests {
    @Test(arguments: StoreContract.requirements)
    func requirement(_ requirement: StoreRequirement) async throws {
        let driver = try #require(PostgresContractDriver())
        try await requirement.check(on: driver)
    }
}
