import ArgumentParser
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyStore

/// One stored instance wired for use: its database, client, managed provisioner and CLI actor. Opening it
/// first finishes any cancel-and-reinvite a crashed process left journaled.
struct InstanceContext {
    let database: ScimifyDatabase
    let instance: Instance
    let client: AdminAPIClient
    let provisioner: ManagedProvisioner
    let recorder: StoreRecorder
    let actor: ManagedProvisioner.Actor

    static func open(database: ScimifyDatabase, name: String?, connection: ConnectionOptions) async throws
        -> InstanceContext
    {
        do {
            let instance = try database.resolveInstance(name)
            let client = try connection.client(for: instance, in: database)
            let recorder = StoreRecorder(database: database, instanceID: instance.id)
            let provisioner = ManagedProvisioner(
                instance: instance,
                api: client,
                recorder: recorder,
                serializer: try CrossProcessChangeSerializer(lockPath: database.path + ".locks"),
                journal: SQLiteIntentJournal(database: database, instanceID: instance.id)
            )
            let context = InstanceContext(
                database: database,
                instance: instance,
                client: client,
                provisioner: provisioner,
                recorder: recorder,
                actor: .init(name: "cli:\(cliUser)", source: .cli)
            )
            try await reportingFailures { try await provisioner.resumeUnfinishedIntents(actor: context.actor) }
            return context
        } catch let error as StoreError {
            throw CLIFailure(message: "error: \(error.message)", status: .usage)
        }
    }
}

/// The operator's login name for `cli:<user>` audit actors.
var cliUser: String {
    let environment = ProcessInfo.processInfo.environment
    return environment["USER"] ?? environment["LOGNAME"] ?? "unknown"
}

/// Opens the database, reporting store problems (such as an insecure key file) as usage errors.
func openDatabase(_ path: String) throws -> ScimifyDatabase {
    do {
        return try ScimifyDatabase(path: path)
    } catch let error as StoreError {
        throw CLIFailure(message: "error: \(error.message)", status: .usage)
    }
}

/// The store options of commands that only work on stored instances.
struct StoreOptions: ParsableArguments {
    @Option(help: "Database path (default: SCIMIFY_DB, else $XDG_DATA_HOME/scimify/scimify.sqlite).")
    var db: String?

    func open() throws -> ScimifyDatabase { try openDatabase(DatabaseLocation.resolve(explicit: db)) }

    /// The named stored instance (default: the only one), wired and with unfinished intents resumed.
    func instanceContext(_ name: String?) async throws -> InstanceContext {
        try await InstanceContext.open(database: open(), name: name, connection: ConnectionOptions.parse([]))
    }
}

/// A change through the managed provisioner (audited) or, in the explicit form, the bare one.
enum ChangeTarget {
    case managed(InstanceContext)
    case direct(Provisioner)

    static func make(_ connection: ConnectionOptions) async throws -> ChangeTarget {
        if let context = try await connection.instanceContext() { return .managed(context) }
        return .direct(Provisioner(api: try connection.client()))
    }

    func provision(email: String, role: ClaudeRole?) async throws -> ProvisioningOutcome {
        switch self {
        case .managed(let context): try await context.provisioner.provision(email: email, role: role, actor: context.actor)
        case .direct(let provisioner): try await provisioner.provision(email: email, role: role)
        }
    }

    func updateRole(email: String, role: ClaudeRole) async throws -> ProvisioningOutcome {
        switch self {
        case .managed(let context): try await context.provisioner.updateRole(email: email, role: role, actor: context.actor)
        case .direct(let provisioner): try await provisioner.updateRole(email: email, role: role)
        }
    }

    func deprovision(email: String) async throws -> ProvisioningOutcome {
        switch self {
        case .managed(let context): try await context.provisioner.deprovision(email: email, actor: context.actor)
        case .direct(let provisioner): try await provisioner.deprovision(email: email)
        }
    }
}

extension ChangeTarget {
    /// The client behind this target, for the reads a command makes before changing anything.
    func client(_ connection: ConnectionOptions) throws -> AdminAPIClient {
        switch self {
        case .managed(let context): context.client
        case .direct: try connection.client()
        }
    }
}

extension ConnectionOptions {
    /// A client for read-only commands: the stored instance's, or the explicit one.
    func readClient() async throws -> AdminAPIClient {
        if let context = try await instanceContext() { return context.client }
        return try client()
    }
}
