import ArgumentParser
import ClaudeAdminAPI
import Foundation
import Logging
import SCIMServer
import ScimifyCore
import ScimifyRuntime
import ScimifyServe
import ScimifyStorage
import ServiceLifecycle
import UnixSignals

extension Scimify {
    /// `scimify serve`: the SCIM server for every instance.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve SCIM 2.0 for every instance at /instances/<slug>/scim/v2 (+ /healthz, /metrics).",
            discussion: "Stops on SIGTERM or Ctrl-C after finishing requests in flight."
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "Address to listen on.") var host = "127.0.0.1"
        @Option(
            help: """
                Log lines as text, json or logfmt (one line per SCIM request at info level; SCIMIFY_LOG_LEVEL sets \
                the level).
                """)
        var logFormat: LogLineHandler.Format = .text
        @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
        @Option(help: "Public base URL for Location headers (e.g. https://bridge.example.com).") var publicBaseURL:
            String?
        @Option(
            help: "Seconds between checks for unfinished changes left by other processes (retries back off from 2 s).")
        var intentRetryInterval: Double = 30
        @Option(
            help: "Requests a minute to each organization's Admin API (shared by every replica on PostgreSQL).")
        var requestsPerMinute: Double = 90
        @Option(help: "Require this file's bearer token on /metrics (owner-readable only; default: /metrics is open).")
        var metricsTokenFile: String?
        @Option(help: "Days the SCIM request log keeps each instance's requests.") var requestLogDays: Double = 14
        @Option(help: "The most requests the SCIM request log keeps per instance.") var requestLogMax = 100_000
        @Flag(help: "Keep no SCIM request log (`scimify requests` and the console's Requests view stay empty).")
        var noRequestLog = false

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
            guard intentRetryInterval >= 0.1, intentRetryInterval <= 86_400 else {
                throw ValidationError("--intent-retry-interval must be between 0.1 and 86400 seconds")
            }
            if let publicBaseURL { try ConnectionOptions.validateURL(publicBaseURL) }
            guard requestLogDays > 0, requestLogMax >= 1 else {
                throw ValidationError("--request-log-days and --request-log-max must be positive")
            }
            guard requestsPerMinute > 0, requestsPerMinute <= 6000 else {
                throw ValidationError("--requests-per-minute must be between 1 and 6000")
            }
        }

        /// The `/metrics` token from its file: one line, not empty, not readable by others.
        static func readToken(_ path: String) throws -> String {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw CLIFailure(
                    message: "error: cannot read the metrics token file \(SafeText.quoted(path))", status: .usage)
            }
            let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty, !token.contains("\n") else {
                throw CLIFailure(
                    message: "error: the metrics token file \(SafeText.quoted(path)) must hold one non-empty line",
                    status: .usage)
            }
            var info = stat()
            if stat(path, &info) == 0, info.st_mode & 0o077 != 0 {
                throw CLIFailure(
                    message:
                        "error: the metrics token file \(SafeText.quoted(path)) is readable by others; run chmod 600 on it",
                    status: .usage)
            }
            return token
        }

        func run() async throws {
            var logger = Logger(label: "scimify.serve")
            logger.logLevel = serveLogLevel(serving: true)
            let database = try await store.selection.open(logger: logger)
            var configuration = SCIMServer.Configuration(
                host: host, port: port, publicBaseURL: publicBaseURL,
                metricsToken: try metricsTokenFile.map(Self.readToken))
            configuration.requestLogRetention =
                noRequestLog
                ? nil
                : RequestLogRetention(maximumAge: requestLogDays * 86_400, maximumCount: requestLogMax)
            let bucket = TokenBucket(ratePerMinute: requestsPerMinute, burst: min(10, requestsPerMinute))
            let application = ServeApplication(
                store: database,
                options: .init(
                    server: configuration, settings: .scimServer(pacing: bucket),
                    intentRetryInterval: intentRetryInterval),
                logger: logger)
            let instances = try await storeFailures { try await database.instances() }
            let listenHost = host
            let services = application.services { boundPort in
                var lines = ["SCIM server listening on http://\(listenHost):\(boundPort)"]
                for instance in instances {
                    lines.append("  \(instance.slug) (\(instance.mode.rawValue)): \(instance.scimBasePath)")
                }
                if instances.isEmpty { lines.append("  no instances yet: add one with `scimify instances add`") }
                FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            }
            var groupConfiguration = ServiceGroupConfiguration(
                services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger)
            // Requests in flight get this long to finish; idle keep-alive connections do not hold the process.
            groupConfiguration.maximumGracefulShutdownDuration = .seconds(30)
            let group = ServiceGroup(configuration: groupConfiguration)
            try await group.run()
        }
    }
}
