import ArgumentParser
import AsyncHTTPClient
import ClaudeAdminAPI
import Foundation
import Logging
import ScimifyCore

/// How to reach the Admin API: base URL and key (from `ANTHROPIC_ADMIN_KEY` or a key file, never a flag value).
struct ConnectionOptions: ParsableArguments {
    @Option(help: "Admin API base URL.")
    var apiBaseURL: String = AdminAPIClient.Configuration.defaultBaseURL

    @Option(help: "Read the Admin API key from this file (else the ANTHROPIC_ADMIN_KEY environment variable).")
    var adminKeyFile: String?

    @Option(help: "Client-side pacing: requests a minute to this organization (the API allows 100).")
    var requestsPerMinute: Double = 90

    func validate() throws {
        guard let url = URL(string: apiBaseURL), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", url.host != nil
        else {
            throw ValidationError("--api-base-url must be an http(s) URL, got \(SafeText.quoted(apiBaseURL))")
        }
        guard requestsPerMinute > 0, requestsPerMinute <= 6000 else {
            throw ValidationError("--requests-per-minute must be between 1 and 6000")
        }
    }

    /// Loads the key. Warns when a key file is readable by group or others.
    func loadKey() throws -> AdminAPIKey {
        if let path = adminKeyFile {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw CLIFailure(message: "cannot read --admin-key-file \(SafeText.quoted(path))", status: .usage)
            }
            if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int,
                mode & 0o077 != 0
            {
                FileHandle.standardError.write(
                    Data("scimify: warning: \(path) is readable by other users; run chmod 600 on it\n".utf8)
                )
            }
            guard let key = AdminAPIKey(text) else {
                throw CLIFailure(message: "the key file \(SafeText.quoted(path)) is empty", status: .usage)
            }
            return key
        }
        if let text = ProcessInfo.processInfo.environment["ANTHROPIC_ADMIN_KEY"], let key = AdminAPIKey(text) {
            return key
        }
        throw CLIFailure(
            message: "no Admin API key: set ANTHROPIC_ADMIN_KEY or pass --admin-key-file PATH",
            status: .usage
        )
    }

    /// A client for this connection.
    func client() throws -> AdminAPIClient {
        AdminAPIClient(
            key: try loadKey(),
            configuration: .init(
                baseURL: apiBaseURL,
                pacing: TokenBucket(ratePerMinute: requestsPerMinute, burst: min(10, requestsPerMinute))
            ),
            logger: Logger(label: "scimify.admin-api")
        )
    }
}

/// Runs an upstream operation, turning ``ProvisioningError`` into the CLI's exit statuses.
func reportingFailures<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ProvisioningError {
        throw CLIFailure(message: "error: \(error.description)", status: error.isRefusal ? .refused : .upstream)
    }
}
