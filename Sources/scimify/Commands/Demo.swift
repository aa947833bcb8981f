import AdminAPISimulator
import ArgumentParser
import ClaudeAdminAPI
import Console
import Foundation
import Logging
import SCIMServer
import ScimifyCore
import ScimifyRuntime
import ScimifySQLite
import ScimifyStorage
import ServiceLifecycle
import UnixSignals

extension Scimify {
    /// `scimify demo`: everything on a built-in simulated organization, no key and no configuration.
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run Scimify on a built-in simulated organization: no key, nothing to configure.",
            discussion: """
                Starts the Admin API simulator (demo seed) and a SCIM server on free loopback ports, with a \
                throwaway store and instance, refreshes users, and opens the console on it. Quitting the console \
                stops everything and deletes the store. With --headless it prints the URLs, the SCIM token and \
                commands to try instead, and runs until Ctrl-C.
                """
        )
        @Option(help: "SCIM server port (0 picks a free one).") var port = 0
        @Option(help: "Admin API simulator port (0 picks a free one).") var simulatorPort = 0
        @Flag(help: "No console: print what to try and run until Ctrl-C.") var headless = false
        @Flag(help: "Console: disable every key that changes the organization or the store.") var readOnly = false
        @Flag(help: "Console: no colours.") var noColor = false
        @Flag(help: "Console: enable the mouse.") var mouse = false

        func run() async throws {
            var logger = Logger(label: "scimify.demo")
            logger.logLevel = .warning
            if !headless { try requireTerminal() }
            let simulator = await AdminAPISimulator(configuration: .init(port: simulatorPort, seed: .demo))
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "scimify-demo-\(UUID().uuidString)")
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            defer { try? FileManager.default.removeItem(at: directory) }
            let database = try openDatabase(directory.appendingPathComponent("scimify.sqlite").path)
            let simulatorPorts = AsyncStream.makeStream(of: Int.self)
            let simulatorApp = simulator.application { simulatorPorts.continuation.yield($0) }
            let server = SCIMServer(
                configuration: .init(port: port),
                runtimes: InstanceRuntimes(store: database, settings: .scimServer(), logger: logger), logger: logger)
            let serverPorts = AsyncStream.makeStream(of: Int.self)
            let serverApp = server.application { serverPorts.continuation.yield($0) }
            // With the console, SIGINT and SIGTERM belong to it: it restores the terminal and then stops the services.
            var configuration = ServiceGroupConfiguration(
                services: [simulatorApp, serverApp], gracefulShutdownSignals: headless ? [.sigterm, .sigint] : [],
                logger: logger)
            // Keep-alive connections of other programs (curl, a test) must not keep the demo from quitting.
            configuration.maximumGracefulShutdownDuration = .seconds(3)
            let group = ServiceGroup(configuration: configuration)
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                var simulatorIterator = simulatorPorts.stream.makeAsyncIterator()
                var serverIterator = serverPorts.stream.makeAsyncIterator()
                guard let simulatorPort = await simulatorIterator.next(), let serverPort = await serverIterator.next()
                else { return }
                do {
                    let created = try await prepare(database: database, simulatorPort: simulatorPort)
                    if headless {
                        announce(created, database: database, simulatorPort: simulatorPort, serverPort: serverPort)
                    } else {
                        let board = RateLimitBoard()
                        let settings = ConnectionOptions.consoleSettings(
                            board: board, maxWait: ConnectionOptions.defaultMaxWait)
                        let context = try await InstanceContext.open(store: database, name: nil, settings: settings)
                        try await runConsole(
                            on: context, settings: settings, board: board, readOnly: readOnly, noColor: noColor,
                            mouse: mouse)
                        await group.triggerGracefulShutdown()
                    }
                } catch {
                    await group.triggerGracefulShutdown()
                    throw error
                }
                try await tasks.waitForAll()
            }
        }

        /// The demo instance on the simulator, refreshed once so the console opens on data.
        private func prepare(database: ScimifyDatabase, simulatorPort: Int) async throws
            -> (created: CreatedInstance, report: RefreshReport)
        {
            let apiURL = "http://127.0.0.1:\(simulatorPort)"
            let key = AdminAPISimulator.Configuration.defaultAdminKey
            let created = try await storeFailures {
                try database.addInstance(name: "Acme Demo", apiBaseURL: apiURL, apiKey: key, mode: .enforce)
            }
            let runtime = try await storeFailures {
                try await InstanceRuntime(store: database, instance: created.instance, settings: ClientSettings())
            }
            let report = try await reportingFailures { try await runtime.refresher.run(actor: "cli:\(cliUser)") }
            try await seedProblems(database: database, instance: created.instance)
            return (created, report)
        }

        /// The IdP's pushes of a first morning, through the same core the SCIM server uses, so the Problems view
        /// is populated: one push refused by a rule (`admin`) and, with the guard briefly at one removal an hour,
        /// two deactivations of which the second is held for approval.
        private func seedProblems(database: ScimifyDatabase, instance: Instance) async throws {
            var guarded = instance
            guarded.removalGuard = RemovalGuardPolicy(maxRemovals: 1, windowMinutes: 60)
            let runtime = try await storeFailures {
                try await InstanceRuntime(store: database, instance: guarded, settings: ClientSettings())
            }
            let idp = ManagedProvisioner.Actor(
                name: "scim:\(instance.slug)", source: .scim, idpRequestID: "okta-demo-1")
            _ = try? await runtime.provisioner.provision(email: "okta.admin@acme.example", role: .admin, actor: idp)
            for (index, email) in ["temp.one@acme.example", "temp.two@acme.example"].enumerated() {
                let now = Date()
                var record = ScimRecord(
                    id: UUID().uuidString.lowercased(), instanceID: instance.id, userName: email, emails: [email],
                    requestedRole: .user, source: .scim, createdAt: now, updatedAt: now, pushedByIdPAt: now)
                let pusher = ManagedProvisioner.Actor(
                    name: idp.name, source: .scim, idpRequestID: "okta-demo-\(index + 2)")
                _ = try await reportingFailures {
                    try await runtime.provisioner.provision(email: email, role: .user, actor: pusher, record: record)
                }
                record.active = false
                _ = try await reportingFailures {
                    try await runtime.provisioner.deprovisionFromIdP(email: email, actor: pusher, record: record)
                }
            }
            try await storeFailures {
                try database.changeSetting(.removalGuard(.default), of: instance, actor: "cli:demo", at: Date())
            }
        }

        private func announce(
            _ prepared: (created: CreatedInstance, report: RefreshReport), database: ScimifyDatabase,
            simulatorPort: Int, serverPort: Int
        ) {
            let (created, report) = prepared
            let instance = created.instance
            let apiURL = "http://127.0.0.1:\(simulatorPort)"
            let scim = "http://127.0.0.1:\(serverPort)\(instance.scimBasePath)"
            let db = "--db \(database.path)"
            let text = """
                Scimify demo: a simulated Claude organization "Acme Demo" (\(report.memberCount) members, \
                \(report.pendingInviteCount) pending invites), a throwaway store and a SCIM server.

                  Admin API simulator: \(apiURL)
                  SCIM base URL:       \(scim)
                  SCIM bearer token:   \(created.scimToken)

                Try, in another shell:
                  scimify members list \(db)
                  scimify invites list --status pending \(db)
                  scimify set-role new.hire1@acme.example developer \(db)   # pending invite: cancel + re-invite
                  scimify readiness \(db)
                  scimify audit \(db)
                  curl -s -H "Authorization: Bearer \(created.scimToken)" "\(scim)/Users?count=2"

                Ctrl-C stops the demo and deletes its store.

                """
            FileHandle.standardOutput.write(Data(text.utf8))  // unbuffered: the demo keeps running after this
        }
    }
}
