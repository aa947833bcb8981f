import Foundation
import ScimifyCore

/// One row of the Requests view: a SCIM request `serve` answered, as the request log keeps it (redacted).
public struct RequestRow: Sendable, Equatable {
    public var id: Int64
    public var at: Date
    /// The instance slug the path named.
    public var instanceSlug: String?
    /// Whether that slug is an instance of the store (else the request shows under "unknown instance").
    public var knownInstance: Bool
    public var method: String
    public var path: String
    public var route: String
    public var status: Int
    public var latencyMilliseconds: Double
    public var idpRequestID: String?
    /// The email or userName it was about, when known.
    public var person: String?
    public var outcome: String
    public var problem: String?
    public var anthropicRequestIDs: [String]
    public var requestHeaders: String
    public var requestBody: String
    public var responseBody: String

    public init(
        id: Int64, at: Date, instanceSlug: String?, knownInstance: Bool, method: String, path: String,
        route: String, status: Int, latencyMilliseconds: Double, idpRequestID: String?, person: String?,
        outcome: String, problem: String?, anthropicRequestIDs: [String], requestHeaders: String,
        requestBody: String, responseBody: String
    ) {
        self.id = id
        self.at = at
        self.instanceSlug = instanceSlug
        self.knownInstance = knownInstance
        self.method = method
        self.path = path
        self.route = route
        self.status = status
        self.latencyMilliseconds = latencyMilliseconds
        self.idpRequestID = idpRequestID
        self.person = person
        self.outcome = outcome
        self.problem = problem
        self.anthropicRequestIDs = anthropicRequestIDs
        self.requestHeaders = requestHeaders
        self.requestBody = requestBody
        self.responseBody = responseBody
    }

    /// `4xx` for a 404: what the filter matches a status class by.
    public var statusClass: String { "\(status / 100)xx" }

    /// Where the row belongs: its instance, or "unknown instance" (a path that named no instance of the store).
    public var instanceLabel: String {
        knownInstance ? instanceSlug ?? "—" : "unknown instance (\(instanceSlug ?? "no slug"))"
    }

    /// The path without the instance prefix (`/Users/…`), which is what differs from row to row.
    public var shortPath: String {
        guard let range = path.range(of: "/scim/v2") else { return path }
        return String(path[range.upperBound...])
    }
}
