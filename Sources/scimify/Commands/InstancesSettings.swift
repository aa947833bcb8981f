// Per-instance settings: the mass-removal guard and the console header colour.
import ArgumentParser
import Foundation
import ScimifyCore
import ScimifyStorage

extension Scimify.Instances {
    /// `instances set-guard NAME --max-removals N --window MINUTES`.
    struct SetGuard: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Set the mass-removal guard: past N removals from the IdP in the window, removals are held for approval.",
            discussion:
                "Console and CLI removals are never held. --max-removals 0 turns the guard off. Default: 10 in 60 minutes."
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "Instance slug or name.", completion: ShellCompletions.instances) var name: String
        @Option(help: "Removals from the IdP allowed in the window (0 turns the guard off).") var maxRemovals: Int
        @Option(help: "The window, in minutes.") var window: Int = 60
        @Flag(help: "Print the result as one JSON object.") var json = false

        func validate() throws {
            guard (0...100_000).contains(maxRemovals) else {
                throw ValidationError("--max-removals must be between 0 and 100000")
            }
            guard (1...10_080).contains(window) else {
                throw ValidationError("--window must be between 1 and 10080 minutes")
            }
        }

        func run() async throws {
            let database = try await store.open()
            let instance = try await storeFailures { try await database.resolveInstance(name) }
            let policy = RemovalGuardPolicy(maxRemovals: maxRemovals, windowMinutes: window)
            try await storeFailures {
                try await database.changeSetting(
                    .removalGuard(policy), of: instance, actor: "cli:\(cliUser)", at: Date())
            }
            OutputFormat.result(
                "\(instance.slug): removal guard \(policy.summary)", json: json,
                ["instance": instance.slug, "max_removals": maxRemovals, "window_minutes": window])
        }
    }
}

extension Scimify.Instances {
    /// `instances set-color NAME red|yellow|green|blue|default`.
    struct SetColor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Tint an instance's console header (red for production, say) so instances are never mistaken."
        )
        @OptionGroup var store: StoreOptions
        @Argument(help: "Instance slug or name.", completion: ShellCompletions.instances) var name: String
        @Argument(help: "red, yellow, green, blue or default.") var color: Instance.HeaderColor
        @Flag(help: "Print the result as one JSON object.") var json = false

        func run() async throws {
            let database = try await store.open()
            let instance = try await storeFailures { try await database.resolveInstance(name) }
            try await storeFailures {
                try await database.changeSetting(.headerColor(color), of: instance, actor: "cli:\(cliUser)", at: Date())
            }
            OutputFormat.result(
                "\(instance.slug): console header \(color.rawValue)", json: json,
                ["instance": instance.slug, "header_color": color.rawValue])
        }
    }
}

extension Scimify.Instances {
    /// `instances set-offboarding NAME --keys report|deactivate`.
    struct SetOffboarding: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set what a removal from the IdP does with the API keys the person created.",
            discussion: """
                report (default): keys that would keep working after the removal become a problem to act on \
                (`scimify problems list`; retrying it sets those keys inactive). deactivate: every active key the \
                person created is set inactive before the removal, each audited. Console organizations only.
                """)
        @OptionGroup var store: StoreOptions
        @Argument(help: "Instance slug or name.", completion: ShellCompletions.instances) var name: String
        @Option(help: "report or deactivate.") var keys: Instance.OffboardingKeyPolicy
        @Flag(help: "Print the result as one JSON object.") var json = false

        func run() async throws {
            let database = try await store.open()
            let instance = try await storeFailures { try await database.resolveInstance(name) }
            try await storeFailures {
                try await database.changeSetting(
                    .offboardingKeys(keys), of: instance, actor: "cli:\(cliUser)", at: Date())
            }
            OutputFormat.result(
                "\(instance.slug): API keys of people the IdP removes: \(keys.rawValue)", json: json,
                ["instance": instance.slug, "offboarding_keys": keys.rawValue])
        }
    }
}

extension Instance.HeaderColor: ExpressibleByArgument {}
extension Instance.OffboardingKeyPolicy: ExpressibleByArgument {}
