import AdminAPISimulator
import ArgumentParser
import Foundation
import Logging
import ServiceLifecycle
import UnixSignals

extension Scimify {
    /// `scimify simulate`: the Admin API simulator in the foreground.
    struct Simulate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the Admin API simulator (loopback, for trying Scimify without a real organization).",
            discussion: "Stops on Ctrl-C or SIGTERM. Control routes for tests live under /_sim/."
        )

        @Option(help: "Address to listen on.") var host = "127.0.0.1"
        @Option(help: "Port to listen on (0 picks a free one).") var port = 8089
        @Option(help: "Seed: demo, empty or generated:N,M.") var seed = "demo"
        @Option(help: "Provisioning mode: invite-only or jit.") var mode = "invite-only"
        @Option(help: "Accept this key (read from the file) instead of the built-in simulator key.")
        var adminKeyFile: String?
        @Option(help: "Answer 429 past this many requests a minute (the real API allows 100).")
        var rateLimit: Int?

        func validate() throws {
            guard SimulatorSeed(parsing: seed) != nil else {
                throw ValidationError("--seed must be demo, empty or generated:N,M")
            }
            guard SimulatedOrganization.ProvisioningMode(rawValue: mode) != nil else {
                throw ValidationError("--mode must be invite-only or jit")
            }
            guard (0...65535).contains(port) else { throw ValidationError("--port must be 0...65535") }
            if let rateLimit, rateLimit < 1 { throw ValidationError("--rate-limit must be at least 1") }
        }

        func run() async throws {
            var key = AdminAPISimulator.Configuration.defaultAdminKey
            if let adminKeyFile {
                guard let text = try? String(contentsOfFile: adminKeyFile, encoding: .utf8),
                    !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                else { throw CLIFailure(message: "cannot read a key from \(adminKeyFile)", status: .usage) }
                key = text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            let simulator = await AdminAPISimulator(
                configuration: .init(
                    host: host,
                    port: port,
                    seed: SimulatorSeed(parsing: seed)!,
                    mode: SimulatedOrganization.ProvisioningMode(rawValue: mode)!,
                    adminKeys: [key],
                    limits: .init(requestsPerWindow: rateLimit)
                )
            )
            let host = host
            let seed = seed
            let mode = mode
            let showKey = adminKeyFile == nil
            let acceptedKey = key
            let app = simulator.application { boundPort in
                var lines = ["Admin API simulator listening on http://\(host):\(boundPort)"]
                lines.append(showKey ? "admin key: \(acceptedKey)" : "admin key: the contents of the key file")
                lines.append("seed: \(seed), mode: \(mode)")
                FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
            }
            var logger = Logger(label: "scimify.simulate")
            logger.logLevel = .warning
            var configuration = ServiceGroupConfiguration(
                services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            // Requests in flight get this long to finish; idle keep-alive connections do not hold the process.
            configuration.maximumGracefulShutdownDuration = .seconds(3)
            let group = ServiceGroup(configuration: configuration)
            try await group.run()
        }
    }
}
