import ArgumentParser
import Foundation
import ScimifyCore
import ScimifyStorage

extension Scimify {
    /// `scimify requests`: the SCIM request log `serve` keeps: what the IdP sent and what it was answered.
    struct Requests: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the SCIM requests serve answered (what the IdP sent and what it got).",
            subcommands: [List.self, Show.self], defaultSubcommand: List.self)

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List logged SCIM requests, newest first.")
            @OptionGroup var store: StoreOptions
            @Option(help: "Only this instance.", completion: ShellCompletions.instances) var instance: String?
            @Flag(help: "Only requests whose path named no instance of the store.") var unknownInstance = false
            @Option(help: "Only requests newer than this: 30m, 24h, 7d.") var since: String?
            @Option(help: "Only this status or class: 4xx, 5xx, 401.") var status: String?
            @Option(help: "Only requests about this person (email or userName, case-insensitive).") var email: String?
            @Option(help: "The most requests shown.") var limit = 200
            @Flag(help: "JSON lines, one request each.") var json = false

            func validate() throws {
                if let since, Audit.seconds(since) == nil {
                    throw ValidationError("--since takes a duration such as 30m, 24h or 7d")
                }
                if let status, RequestLogQuery.StatusFilter(status) == nil {
                    throw ValidationError("--status takes 4xx, 5xx or a status such as 401")
                }
                if instance != nil, unknownInstance {
                    throw ValidationError("--instance and --unknown-instance exclude each other")
                }
                if limit < 1 { throw ValidationError("--limit must be at least 1") }
            }

            func run() async throws {
                let database = try await store.open()
                var query = RequestLogQuery(
                    since: since.flatMap(Audit.seconds).map { Date().addingTimeInterval(-$0) },
                    status: status.flatMap(RequestLogQuery.StatusFilter.init), person: email, limit: limit)
                if unknownInstance { query.scope = .unknownInstance }
                if let instance {
                    query.scope = .instance(try await storeFailures { try await database.resolveInstance(instance).id })
                }
                let requests = try await storeFailures { try await database.loggedRequests(query) }
                if json {
                    for request in requests { print(Requests.jsonLine(request, withBodies: false)) }
                    return
                }
                var table = TextTable("ID", "TIME", "INSTANCE", "METHOD", "PATH", "STATUS", "MS", "PERSON", "OUTCOME")
                for request in requests {
                    table.append([
                        String(request.id), OutputFormat.timestamp(request.at), Requests.instanceLabel(request),
                        request.method, request.path, String(request.status),
                        String(format: "%.1f", request.latencyMilliseconds), request.person ?? "-",
                        request.problem.map { "\(request.outcome): \($0)" } ?? request.outcome,
                    ])
                }
                print(requests.isEmpty ? "no logged requests" : table.render())
            }
        }

        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show one logged request: what arrived, what was answered, and its audit rows.")
            @OptionGroup var store: StoreOptions
            @Argument(help: "The request's id (from `scimify requests list`).") var id: Int64
            @Flag(help: "One JSON object.") var json = false

            func run() async throws {
                let database = try await store.open()
                guard let request = try await storeFailures({ try await database.loggedRequest(id: id) }) else {
                    throw CLIFailure(
                        message: "error: no logged request \(id); see `scimify requests list`", status: .usage)
                }
                let audit = try await storeFailures { try await database.auditEvents(linkedTo: request) }
                if json {
                    print(Requests.jsonLine(request, withBodies: true, audit: audit))
                    return
                }
                print(RequestDetailText.lines(request, audit: audit).joined(separator: "\n"))
            }
        }

        static func instanceLabel(_ request: LoggedRequest) -> String {
            request.instanceID == nil
                ? "unknown instance (\(request.instanceSlug ?? "-"))" : request.instanceSlug ?? "-"
        }

        static func jsonLine(_ request: LoggedRequest, withBodies: Bool, audit: [AuditEvent] = []) -> String {
            var object: [String: Any?] = [
                "id": request.id, "at": OutputFormat.timestamp(request.at), "instance": request.instanceSlug,
                "known_instance": request.instanceID != nil, "method": request.method, "route": request.route,
                "path": request.path, "status": request.status, "latency_ms": request.latencyMilliseconds,
                "idp_request_id": request.idpRequestID, "person": request.person, "outcome": request.outcome,
                "problem": request.problem, "anthropic_request_ids": request.anthropicRequestIDs,
            ]
            if withBodies {
                object["request_headers"] = request.requestHeaders
                object["request_body"] = request.requestBody
                object["response_body"] = request.responseBody
                object["audit_ids"] = audit.compactMap(\.id)
            }
            return OutputFormat.jsonLine(object)
        }
    }
}
