import ArgumentParser
import Foundation
import Logging
import SCIMServer
import ScimifyCore
import ScimifyRuntime
import ScimifyStore
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
        @Option(help: "Port to listen on (0 picks a free one).") var port = 8080
        @Option(help: "Public base URL for Location headers (e.g. https://bridge.example.com).") var publicBaseURL: String?
        @Option(help: "Seconds between checks for unfinished changes left by other processes (retries back off from 2 s).")
        var intentRetryInterval: Double = 30

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
            guard intentRetryInterval >= 0.1, intentRetryInterval <= 86_400 else {
                throw ValidationError("--intent-retry-interval must be between 0.1 and 86400 seconds")
            }
            if let publicBaseURL { try ConnectionOptions.validateURL(publicBaseURL) }
        }

        func run() async throws {
            let database = try store.open()
            var logger = Logger(label: "scimify.serve")
            logger.logLevel = .notice
            let configuration = SCIMServer.Configuration(host: host, port: port, publicBaseURL: publicBaseURL)
            let runtimes = InstanceRuntimes(database: database, settings: .scimServer(), logger: logger)
            let server = SCIMServer(configuration: configuration, database: database, runtimes: runtimes, logger: logger)
            // Unfinished changes (a CLI killed mid-change, an outage during a re-invite) are finished at start and
            // then retried with backoff while the server runs, each attempt logged and audited.
            let retrier = IntentRetryService(
                runtimes: runtimes, initialDelay: .seconds(min(2, intentRetryInterval)),
                idleInterval: .milliseconds(Int(intentRetryInterval * 1000)))
            let instances = try storeFailures { try database.instances() }
            let listenHost = host
            let app = server.application { boundPort in
                var lines = ["SCIM server listening on http://\(listenHost):\(boundPort)"]
                for instance in instances { lines.append("  \(instance.slug) (\(instance.mode.rawValue)): \(instance.scimBasePath)") }
                if instances.isEmpty { lines.append("  no instances yet: add one with `scimify instances add`") }
                FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            }
            var groupConfiguration = ServiceGroupConfiguration(
                services: [.init(service: app), .init(service: retrier)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            // Requests in flight get this long to finish; idle keep-alive connections do not hold the process.
            groupConfiguration.maximumGracefulShutdownDuration = .seconds(30)
            let group = ServiceGroup(configuration: groupConfiguration)
            try await group.run()
        }
    }
}
