import ArgumentParser
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyRuntime
import ScimifySQLite
import ScimifyStorage

/// One stored instance as the CLI uses it: the shared ``InstanceRuntime`` and the CLI's audit actor. Opening
/// it first finishes any change a crashed process left journaled; one email's unfinished change is reported
/// on stderr and never makes a command about anything else fail.
struct InstanceContext {
    let runtime: InstanceRuntime
    let actor: ManagedProvisioner.Actor

    var store: any StorePort { runtime.store }
    var instance: Instance { runtime.instance }
    var client: AdminAPIClient { runtime.client }
    var provisioner: ManagedProvisioner { runtime.provisioner }
    var recorder: any ProvisioningRecorder { runtime.recorder }

    static func open(store: any StorePort, name: String?, settings: ClientSettings, resume: Bool = true)
        async throws -> InstanceContext
    {
        do {
            let instance = try await store.resolveInstance(name)
            let context = InstanceContext(
                runtime: try await InstanceRuntime(store: store, instance: instance, settings: settings),
                actor: .init(name: "cli:\(cliUser)", source: .cli))
            if resume, let report = await context.runtime.resumeIntents(actor: context.actor) { warn(report) }
            return context
        } catch let error as StoreError {
            throw CLIFailure(message: "error: \(error.message)", status: .usage)
        }
    }

    /// Tells the operator on stderr about changes that could not be finished (stdout stays the command's own).
    private static func warn(_ report: IntentResumeReport) {
        let lines = report.lines.problems.map { "scimify: warning: " + $0 }
        if !lines.isEmpty { FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8)) }
    }
}

/// The operator's name for `cli:<user>` and `console:<user>` audit actors (never `unknown`).
var cliUser: String { OperatorIdentity.name() }

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
    @OptionGroup var selection: StoreSelection

    func open() async throws -> any StorePort { try await selection.open() }

    /// The named stored instance (default: the only one), wired and (unless `resume` is false) with
    /// unfinished intents resumed.
    /// - Parameter settings: how its client is built (default: the CLI's, with a rate-limit countdown on stderr).
    func instanceContext(_ name: String?, resume: Bool = true, settings: ClientSettings? = nil) async throws
        -> InstanceContext
    {
        try await InstanceContext.open(
            store: open(), name: name, settings: try settings ?? ConnectionOptions.parse([]).clientSettings,
            resume: resume)
    }
}

/// A change through the managed provisioner (audited) or, in the explicit form, the bare one.
enum ChangeTarget {
    case managed(InstanceContext)
    case direct(Provisioner)

    static func make(_ connection: ConnectionOptions) async throws -> ChangeTarget {
        if let context = try await connection.instanceContext() { return .managed(context) }
        // No store, so no journal: a pending invite's role change is refused rather than made unjournaled.
        return .direct(Provisioner(api: try connection.client(), refusesUnjournaledReinvite: true))
    }

    func provision(email: String, role: ClaudeRole?) async throws -> ProvisioningOutcome {
        switch self {
        case .managed(let context):
            try await context.provisioner.provision(email: email, role: role, actor: context.actor)
        case .direct(let provisioner): try await provisioner.provision(email: email, role: role)
        }
    }

    func updateRole(email: String, role: ClaudeRole, expecting: ExpectedState? = nil) async throws
        -> ProvisioningOutcome
    {
        switch self {
        case .managed(let context):
            try await context.provisioner.updateRole(
                email: email, role: role, expecting: expecting, actor: context.actor)
        case .direct(let provisioner): try await provisioner.updateRole(email: email, role: role, expecting: expecting)
        }
    }

    func deprovision(email: String, expecting: ExpectedState? = nil) async throws -> ProvisioningOutcome {
        switch self {
        case .managed(let context):
            try await context.provisioner.deprovision(email: email, expecting: expecting, actor: context.actor)
        case .direct(let provisioner): try await provisioner.deprovision(email: email, expecting: expecting)
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
