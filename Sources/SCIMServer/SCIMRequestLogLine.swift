import Foundation
import Hummingbird
import Logging
import ScimifyCore

/// The one log line of each SCIM request, at info level: method, route template, status, latency, the IdP's
/// request-id, the person (from what the core recorded, else the path's id), the outcome and Anthropic's
/// request-ids. Every value is bounded and neutralised: the path's slug and id come from the IdP (or anyone),
/// so they are cut to 64 characters with control characters escaped. Headers, bodies and tokens are never in it.
enum SCIMRequestLogLine {
    static func metadata(
        _ request: Request, status: Int, duration: Duration, events: [AuditEvent]
    ) -> Logger.Metadata {
        let route = ServerMetrics.route(request.uri.path)
        let parts = request.uri.path.split(separator: "/", omittingEmptySubsequences: true)
        var metadata: Logger.Metadata = [
            "method": "\(ServerMetrics.method(request.method.rawValue))",
            "route": "\(route)",
            "status": "\(status)",
            "latency_ms": "\(milliseconds(duration))",
        ]
        if parts.count >= 2, parts[0] == "instances" { metadata["instance"] = "\(bounded(String(parts[1])))" }
        if let idp = UsersController.idpRequestID(request) { metadata["idp_request_id"] = "\(bounded(idp))" }
        let people = Set(events.compactMap(\.targetEmail)).sorted()
        if !people.isEmpty {
            metadata["person"] = "\(people.map(bounded).joined(separator: ","))"
        } else if route.hasSuffix("/Users/{id}"), parts.count == 6 {
            metadata["person"] = "id:\(bounded(String(parts[5])))"
        }
        metadata["outcome"] = "\(outcome(events, status: status))"
        let ids = events.flatMap(\.requestIDs)
        if !ids.isEmpty { metadata["anthropic_request_ids"] = "\(ids.map(bounded).joined(separator: ","))" }
        return metadata
    }

    /// What the request came to: the recorded events' outcomes (`ok`, `failed`, `refused`, `dry-run`), else
    /// `read` for a 2xx without a change, else `rejected` (refused before the core: auth, syntax, size).
    static func outcome(_ events: [AuditEvent], status: Int) -> String {
        var outcomes: [String] = []
        for event in events where !outcomes.contains(event.outcome.rawValue) { outcomes.append(event.outcome.rawValue) }
        if !outcomes.isEmpty { return outcomes.joined(separator: ",") }
        return (200..<300).contains(status) ? "read" : "rejected"
    }

    /// `duration` in milliseconds with one decimal.
    static func milliseconds(_ duration: Duration) -> String {
        String(format: "%.1f", millisecondsValue(duration))
    }

    /// `duration` in milliseconds (the request log keeps the number).
    static func millisecondsValue(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    private static func bounded(_ text: String) -> String {
        SafeText.neutralized(String(text.prefix(64)))
    }
}
