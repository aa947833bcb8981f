import Foundation
import Hummingbird
import SCIMProtocol
import ScimifyCore
import ScimifyStorage

/// Builds the request-log row of one answered SCIM request from what the middleware saw: the request (its
/// allow-listed headers and redacted body), the answer the server built, and the audit events the core
/// recorded while serving it. The values the log line has (``SCIMRequestLogLine``) are the same.
enum LoggedRequestBuilder {
    static func entry(
        _ request: Request, requestBody: Data, status: Int, duration: Duration, events: [AuditEvent],
        answer: ResponseCapture, at: Date
    ) -> LoggedRequest {
        let route = ServerMetrics.route(request.uri.path)
        let parts = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
        let slug = parts.count >= 2 && parts[0] == "instances" ? String(parts[1].prefix(200)) : nil
        let people = Set(events.compactMap(\.targetEmail)).sorted()
        var person: String? = people.isEmpty ? nil : people.joined(separator: ",")
        if person == nil, let userName = userName(requestBody) { person = userName }
        if person == nil, route.hasSuffix("/Users/{id}"), parts.count == 6 { person = "id:\(parts[5].prefix(200))" }
        let headers = request.headers.map { (name: $0.name.canonicalName, value: $0.value) }
        return LoggedRequest(
            at: at, instanceID: nil, instanceSlug: slug, method: ServerMetrics.method(request.method.rawValue),
            route: route, path: String(request.uri.description.prefix(2000)), status: status,
            latencyMilliseconds: SCIMRequestLogLine.millisecondsValue(duration),
            idpRequestID: UsersController.idpRequestID(request), person: person,
            outcome: SCIMRequestLogLine.outcome(events, status: status),
            problem: status >= 400 ? answer.problem : nil, anthropicRequestIDs: events.flatMap(\.requestIDs),
            requestHeaders: RequestLogRedaction.headers(headers), requestBody: RequestLogRedaction.body(requestBody),
            responseBody: RequestLogRedaction.body(answer.body))
    }

    /// The `userName` of a JSON body, when it parses and has one (a create the core refused still names its
    /// person).
    private static func userName(_ body: Data) -> String? {
        guard !body.isEmpty, let value = try? JSONValue.parse(body) else { return nil }
        return value["userName"]?.string
    }
}
