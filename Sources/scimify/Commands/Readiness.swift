import ArgumentParser
import Foundation
import ScimifyCore
import ScimifyRuntime
import ScimifyStorage

extension Scimify {
    /// `scimify readiness`: is the organization ready for the IdP to be switched on?
    struct Readiness: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check an instance before enabling provisioning in the IdP; ends with GO or NO-GO.",
            discussion: """
                Invite creation is probed by asking to invite an existing member: an invite-only organization \
                answers already_member and creates nothing; an SSO-managed one refuses. Dry-run instances skip it. \
                Exit status 0 for GO, 1 for NO-GO.
                """
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "Instance slug or name (default: the only one).", completion: ShellCompletions.instances)
        var instance: String?
        @Flag(help: "Print one JSON object.") var json = false

        func run() async throws {
            let context = try await store.instanceContext(instance)
            let now = Date()
            let report = try await reportingFailures { try await context.runtime.readiness(now: now) }
            if json {
                print(ReadinessRendering.json(report, instance: context.instance))
            } else {
                print(ReadinessRendering.text(report, instance: context.instance, now: now))
            }
            if !report.isGo { throw ExitCode(ExitStatus.refused.rawValue) }
        }
    }
}
