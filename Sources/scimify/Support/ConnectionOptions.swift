import ArgumentParser
import AsyncHTTPClient
import ClaudeAdminAPI
import Foundation
import Logging
import ScimifyCore
import ScimifyRuntime
import ScimifyStorage

/// How to reach the Admin API: an instance from the store (`--instance`, `--db`), or an explicit base URL and
/// key (from `ANTHROPIC_ADMIN_KEY` or a key file, never a flag value).
struct ConnectionOptions: ParsableArguments {
    @Option(
        name: .customLong("api-base-url"),
        help: "Admin API base URL (explicit form: no store; default https://api.anthropic.com).")
    var apiBaseURLOption: String?

    @Option(
        help: "Use this stored instance (default: the only one, when the store has instances).",
        completion: ShellCompletions.instances)
    var instance: String?

    @OptionGroup var selection: StoreSelection

    @Option(help: "Read the Admin API key from this file (else the ANTHROPIC_ADMIN_KEY environment variable).")
    var adminKeyFile: String?

    @Option(help: "Client-side pacing: requests a minute to this organization (the API allows 100).")
    var requestsPerMinute: Double = 90

    @Option(help: "Seconds a command may wait in all for the Admin API's rate limit before it gives up.")
    var maxWait: Double = ConnectionOptions.defaultMaxWait

    static let defaultMaxWait = 120.0

    /// The explicit base URL, or the production default.
    var apiBaseURL: String { apiBaseURLOption ?? AdminAPIClient.Configuration.defaultBaseURL }

    func validate() throws {
        try Self.validateURL(apiBaseURL)
        if apiBaseURLOption != nil, instance != nil {
            throw ValidationError("use either --instance or --api-base-url, not both")
        }
        guard requestsPerMinute > 0, requestsPerMinute <= 6000 else {
            throw ValidationError("--requests-per-minute must be between 1 and 6000")
        }
    }

    static func validateURL(_ text: String) throws {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(),
            scheme == "https" || scheme == "http", url.host != nil
        else {
            throw ValidationError("--api-base-url must be an http(s) URL, got \(SafeText.quoted(text))")
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

    /// A client for the explicit connection.
    func client() throws -> AdminAPIClient {
        makeClient(baseURL: apiBaseURL, key: try loadKey())
    }

    func makeClient(baseURL: String, key: AdminAPIKey) -> AdminAPIClient {
        clientSettings.client(baseURL: baseURL, key: key)
    }

    /// How this command's clients are built (the runtime builds stored instances' clients from it).
    var clientSettings: ClientSettings {
        ClientSettings(
            pacing: TokenBucket(ratePerMinute: requestsPerMinute, burst: min(10, requestsPerMinute)),
            retry: RetryPolicy(maxRateLimitWait: max(0, maxWait)), onRateLimitWait: RateLimitCountdown.stderr)
    }

    /// The console's: waits are shown in its status line (through `board`), never written over the screen.
    static func consoleSettings(board: RateLimitBoard, maxWait: Double) -> ClientSettings {
        ClientSettings(retry: RetryPolicy(maxRateLimitWait: max(0, maxWait)), onRateLimitWait: { board.observe($0) })
    }

    /// The store-backed instance to use, or `nil` for the explicit form: `--instance` always uses the store;
    /// `--api-base-url` never does; otherwise the store is used when it exists and holds an instance.
    func instanceContext() async throws -> InstanceContext? {
        if apiBaseURLOption != nil { return nil }
        if instance == nil, !selection.exists { return nil }
        let store = try await selection.open()
        if instance == nil, try await store.instances().isEmpty { return nil }
        return try await InstanceContext.open(store: store, name: instance, settings: clientSettings)
    }
}

/// Runs an upstream operation, turning ``ProvisioningError`` into the CLI's exit statuses.
func reportingFailures<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ProvisioningError {
        // An id that names nothing is a usage error; "nothing to remove" is success (the person is already
        // gone), "nobody to change" a refusal (the role cannot be set on no one): decided here, once.
        let status: ExitStatus = error.namesUnknownID ? .usage : error.isRefusal ? .refused : .upstream
        throw CLIFailure(message: "error: \(error.description)", status: status)
    } catch let error as StoreError {
        throw CLIFailure(message: "error: \(error.message)", status: .usage)
    }
}

extension ConnectionOptions {
    /// The stored instance's mirror for `--cached` listings: no API call (and no intent is resumed), with its
    /// age told on stderr so stdout stays the listing.
    func cachedMirror() async throws -> (members: [Member], invites: [Invite]) {
        guard apiBaseURLOption == nil else {
            throw CLIFailure(
                message: "error: --cached reads a stored instance's mirror; drop --api-base-url", status: .usage)
        }
        let store = try await selection.open()
        do {
            let instance = try await store.resolveInstance(instance)
            guard let mirror = try await store.mirror(instanceID: instance.id) else {
                throw CLIFailure(
                    message: "error: instance \(instance.slug) has no mirror yet: run `scimify refresh` once",
                    status: .usage)
            }
            let minutes = Int(Date().timeIntervalSince(mirror.refreshedAt) / 60)
            FileHandle.standardError.write(
                Data(
                    ("scimify: from the mirror of \(instance.slug) (no API call): refreshed \(OutputFormat.timestamp(mirror.refreshedAt)), "
                        + "\(minutes) min ago, and kept current by every change made through Scimify since\n").utf8))
            return (mirror.members, mirror.invites)
        } catch let error as StoreError {
            throw CLIFailure(message: "error: \(error.message)", status: .usage)
        }
    }
}
