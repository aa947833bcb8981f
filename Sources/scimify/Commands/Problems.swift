import ArgumentParser
import Foundation
import ScimifyCore
import ScimifyRuntime

extension Scimify {
    /// `scimify problems list|retry|dismiss`: what needs an operator, and the two ways to clear it.
    struct Problems: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "What needs an operator (changes refused part-way, removals held by the guard): retry, approve or dismiss.",
            discussion: """
                A change that Claude refused part-way (for example an SSO/JIT organization refusing the new invite of \
                a cancel-and-reinvite) is never replayed on its own: it waits here. `retry` re-applies it through the \
                provisioning core; `dismiss` keeps things as they are. A removal from the IdP past the instance's guard \
                (`instances set-guard`) is held: `approve` makes it, `dismiss` keeps the person. All are audited.
                """,
            subcommands: [List.self, Retry.self, Approve.self, Dismiss.self]
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List the problems of an instance, newest first.")
            @OptionGroup var store: StoreOptions
            @Option(help: "The stored instance (default: the only one).", completion: ShellCompletions.instances)
            var instance: String?
            @Option(help: "Only this kind: needs_attention, held_removal, failed_push, drift or expiring.") var kind:
                Problem.Kind?
            @Flag(help: "One JSON object a line.") var json = false

            func run() async throws {
                let context = try await store.instanceContext(instance, resume: false)
                let problems = try await reportingFailures { try await context.runtime.problems() }
                    .filter { kind == nil || $0.kind == kind }
                if json {
                    for problem in problems { print(OutputFormat.jsonLine(Problems.fields(problem))) }
                    return
                }
                for problem in problems {
                    print(
                        "\(problem.id)  \(problem.kind.words)  \(SafeText.neutralized(problem.email))  since \(OutputFormat.timestamp(problem.since))"
                    )
                    print("  cause:  \(SafeText.neutralized(problem.cause, limit: 4000))")
                    print("  remedy: \(SafeText.neutralized(problem.remedy, limit: 4000))")
                    if !problem.requestIDs.isEmpty {
                        print("  request-ids: \(problem.requestIDs.joined(separator: ", "))")
                    }
                    if let idp = problem.idpRequestID { print("  IdP request id: \(SafeText.neutralized(idp))") }
                }
                print("\(problems.count) problem\(problems.count == 1 ? "" : "s")")
            }
        }

        struct Approve: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Approve a removal held by the guard: it is made now.")
            @OptionGroup var store: StoreOptions
            @Option(help: "The stored instance (default: the only one).", completion: ShellCompletions.instances)
            var instance: String?
            @Argument(help: "The problem id (from `problems list`).", completion: ShellCompletions.problems) var id:
                String
            @Flag(help: "Print the result as one JSON object.") var json = false

            func run() async throws {
                let context = try await store.instanceContext(instance, resume: false)
                let outcome = try await reportingFailures {
                    try await context.runtime.approveHeldRemoval(id: id, actor: context.actor)
                }
                let email = outcome.member?.email ?? outcome.invite?.email
                OutputFormat.result(
                    "approved: " + outcome.summary(email: email ?? id), json: json,
                    [
                        "problem_id": id, "approved": true, "email": email,
                        "summary": outcome.summary(email: email ?? id), "request_ids": outcome.requestIDs,
                    ])
            }
        }

        struct Retry: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Re-apply a problem's change through the core now.")
            @OptionGroup var store: StoreOptions
            @Option(help: "The stored instance (default: the only one).", completion: ShellCompletions.instances)
            var instance: String?
            @Argument(help: "The problem id (from `problems list`).", completion: ShellCompletions.problems) var id:
                String
            @Flag(help: "Print the result as one JSON object.") var json = false

            func run() async throws {
                let context = try await store.instanceContext(instance, resume: false)
                let result = try await reportingFailures {
                    try await context.runtime.retryProblem(id: id, actor: context.actor)
                }
                OutputFormat.result(result, json: json, ["problem_id": id, "retried": true, "summary": result])
            }
        }

        struct Dismiss: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Keep things as they are and close a problem.")
            @OptionGroup var store: StoreOptions
            @Option(help: "The stored instance (default: the only one).", completion: ShellCompletions.instances)
            var instance: String?
            @Argument(help: "The problem id (from `problems list`).", completion: ShellCompletions.problems) var id:
                String
            @Flag(help: "Print the result as one JSON object.") var json = false
            @Option(help: "Why, in one line (audited).") var reason: String = ""

            func run() async throws {
                let context = try await store.instanceContext(instance, resume: false)
                try await reportingFailures {
                    try await context.runtime.dismissProblem(id: id, reason: reason, actor: context.actor)
                }
                OutputFormat.result(
                    "dismissed \(id)", json: json, ["problem_id": id, "dismissed": true, "reason": reason])
            }
        }

        /// One problem as JSON fields (the text output uses the same words).
        static func fields(_ problem: Problem) -> [String: Any?] {
            [
                "id": problem.id, "kind": problem.kind.rawValue, "email": problem.email,
                "since": OutputFormat.timestamp(problem.since), "cause": problem.cause, "remedy": problem.remedy,
                "request_ids": problem.requestIDs, "idp_request_id": problem.idpRequestID,
                "retry_sends": problem.requested?.words,
            ]
        }
    }
}

extension Problem.Kind: ExpressibleByArgument {}
