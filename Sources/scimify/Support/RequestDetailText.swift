import Foundation
import ScimifyCore
import ScimifyStorage

/// `scimify requests show`: one logged request as an operator reads it: the line of facts, what arrived
/// (allow-listed headers and the redacted body), what was answered, and the audit rows it produced. Every value
/// is neutralised (the IdP, or anyone, wrote most of it).
enum RequestDetailText {
    static func lines(_ request: LoggedRequest, audit: [AuditEvent]) -> [String] {
        var lines = [
            "request \(request.id) at \(OutputFormat.timestamp(request.at))",
            "instance:   \(safe(Scimify.Requests.instanceLabel(request)))",
            "request:    \(safe(request.method)) \(safe(request.path))  (route \(safe(request.route)))",
            "answer:     \(request.status) in \(String(format: "%.1f", request.latencyMilliseconds)) ms",
            "outcome:    \(safe(request.outcome))" + (request.problem.map { ": \(safe($0))" } ?? ""),
            "person:     \(safe(request.person ?? "-"))",
            "IdP request-id: \(safe(request.idpRequestID ?? "-"))",
            "Anthropic request-ids: \(request.anthropicRequestIDs.isEmpty ? "-" : safe(request.anthropicRequestIDs.joined(separator: ", ")))",
            "",
            "request headers:",
        ]
        lines += block(request.requestHeaders, empty: "(none kept)")
        lines += ["", "request body:"]
        lines += block(request.requestBody, empty: "(none)")
        lines += ["", "answer body:"]
        lines += block(request.responseBody, empty: "(none)")
        lines += ["", "audit rows:"]
        if audit.isEmpty { lines.append("  (none: the request changed nothing)") }
        for event in audit {
            lines.append(
                "  \(event.id.map(String.init) ?? "-")  \(OutputFormat.timestamp(event.at))  \(safe(event.action))  "
                    + "\(safe(event.targetEmail ?? "-"))  \(event.outcome.rawValue)  \(safe(event.detail))")
        }
        return lines
    }

    private static func block(_ text: String, empty: String) -> [String] {
        guard !text.isEmpty else { return ["  \(empty)"] }
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + safe(String($0)) }
    }

    private static func safe(_ text: String) -> String { SafeText.neutralized(text, limit: 20_000) }
}
