import ArgumentParser
import Foundation
import ScimifyCore
import ScimifyRuntime

extension Scimify {
    /// `scimify problems list|retry|dismiss`: what needs an operator, and the two ways to clear it.
    struct Problems: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Changes that need an operator (a re-invite refused after its cancel), and retry or dismiss them.",
            discussion: """
                A change that Claude refused part-way (for example an SSO/JIT organization refusing the new invite of \
                a cancel-and-reinvite) is never replayed on its own: it waits here. `retry` re-applies it through the \
                provisioning core; `dismiss` keeps things as they are. Both are audited.
                """,
            subcommands: [List.self, Retry.self, Dismiss.self]
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the problems of an instance.")
            @OptionGroup var store: StoreOptions
            @Option(help: "The stored instance (default: the only one).") var instance: String?
            @Flag(help: "One JSON object a line.") var json = false

            func run() async throws {
                let context = try await store.instanceContext(instance, resume: false)
                let problems = try await reportingFailures { try await context.provisioner.intentsNeedingAttention() }
                if json {
                    for problem in problems { print(OutputFormat.jsonLine(Problems.fields(problem))) }
                    return
                }
                for problem in problems {
                    let fields = Problems.fields(problem)
                    print("\(problem.intent.id)  needs attention  \(problem.intent.email)  since \(OutputFormat.timestamp(problem.since))")
                    print("  cause:  \(fields["cause"] as? String ?? "")")
                    print("  remedy: \(fields["remedy"] as? String ?? "")")
                    if !problem.requestIDs.isEmpty { print("  request-ids: \(problem.requestIDs.joined(separator: ", "))") }
                }
                print("\(problems.count) problem\(problems.count == 1 ? "" : "s")")
            }
        }

        struct Retry: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Re-apply a problem's change through the core now.")
            @OptionGroup var store: StoreOptions
            @Option(help: "The stored instance (default: the only one).") var instance: String?
            @Argument(help: "The problem id (from `problems list`).") var id: String

            func run() async throws {
                let context = try await store.instanceContext(instance, resume: false)
                let report = try await reportingFailures { try await context.provisioner.retryIntent(id: id, actor: context.actor) }
                if let (email, reason) = report.needsAttention.first ?? report.deferred.first {
                    throw CLIFailure(message: "error: \(SafeText.neutralized(email)): still not done: \(reason)", status: .refused)
                }
                let email = (report.finished + report.superseded).first ?? id
                print("retried \(SafeText.neutralized(email)): done")
            }
        }

        struct Dismiss: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Keep things as they are and close a problem.")
            @OptionGroup var store: StoreOptions
            @Option(help: "The stored instance (default: the only one).") var instance: String?
            @Argument(help: "The problem id (from `problems list`).") var id: String
            @Option(help: "Why, in one line (audited).") var reason: String = ""

            func run() async throws {
                let context = try await store.instanceContext(instance, resume: false)
                try await reportingFailures { try await context.provisioner.dismissIntent(id: id, reason: reason, actor: context.actor) }
                print("dismissed \(id)")
            }
        }

        /// One problem as JSON fields (the text output uses the same words).
        static func fields(_ problem: AttentionIntent) -> [String: Any?] {
            let intent = problem.intent
            return [
                "id": intent.id, "kind": "needs_attention", "email": intent.email,
                "since": OutputFormat.timestamp(problem.since),
                "change": "\(intent.oldRole) -> \(intent.newRole) re-invite",
                "cause": problem.reason,
                "remedy": "retry (scimify problems retry \(intent.id)) invites \(intent.email) as \(intent.newRole) again; "
                    + "dismiss (scimify problems dismiss \(intent.id) --reason TEXT) keeps things as they are",
                "request_ids": problem.requestIDs,
            ]
        }
    }
}
