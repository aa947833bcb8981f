import ArgumentParser
import ClaudeAdminAPI
import ScimifyCore

extension Scimify {
    /// `scimify test-connection`.
    struct TestConnection: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the Admin API key and name the organization it belongs to."
        )

        @OptionGroup var connection: ConnectionOptions
        @Flag(help: "Print the result as one JSON object.") var json = false

        func run() async throws {
            let client = try await connection.readClient()
            let org = try await reportingFailures { try await client.organization() }
            if json {
                print(
                    OutputFormat.jsonLine([
                        "ok": true, "organization_id": org.value.id, "organization_name": org.value.name,
                        "api_base_url": client.baseURL, "request_id": org.requestID,
                    ])
                )
            } else {
                let name = SafeText.neutralized(org.value.name)
                print(
                    "ok: connected to \(name) (\(org.value.id)) at \(client.baseURL)"
                        + (org.requestID.map { " (request-id: \($0))" } ?? ""))
            }
        }
    }
}
