import Foundation

/// One SCIM request as `serve` saw it, kept in the request log of the store: what arrived, what was answered
/// and what it came to. Every request that reaches `serve` has one, authenticated or not, for a known instance
/// or not (``instanceID`` is `nil` when the path names no instance of the store). Bodies and headers are
/// redacted before they are built into one (``RequestLogRedaction``); the store writes it as
/// ``RequestLogCaps/storable(_:)`` says.
public struct LoggedRequest: Sendable, Equatable {
    /// The store's id (grows with every request); 0 before it is written.
    public var id: Int64
    public var at: Date
    public var instanceID: Int64?
    /// The instance slug the path named (bounded), even when no instance has it.
    public var instanceSlug: String?
    public var method: String
    /// The route template (`/instances/{slug}/scim/v2/Users/{id}`).
    public var route: String
    /// The path as sent (bounded).
    public var path: String
    public var status: Int
    public var latencyMilliseconds: Double
    public var idpRequestID: String?
    /// The person: the email the core recorded, else the userName of the body, else `id:<path id>`.
    public var person: String?
    /// What it came to: `ok`, `failed`, `refused`, `dry-run` (from the audit rows it wrote), `read`, `rejected`.
    public var outcome: String
    /// The SCIM error's detail when the answer was an error.
    public var problem: String?
    /// The Anthropic request-ids of the Admin API calls it caused (they link it to its audit rows).
    public var anthropicRequestIDs: [String]
    /// The allow-listed request headers, one `name: value` per line.
    public var requestHeaders: String
    public var requestBody: String
    public var responseBody: String

    public init(
        id: Int64 = 0, at: Date, instanceID: Int64?, instanceSlug: String?, method: String, route: String,
        path: String, status: Int, latencyMilliseconds: Double, idpRequestID: String?, person: String?,
        outcome: String, problem: String?, anthropicRequestIDs: [String], requestHeaders: String,
        requestBody: String, responseBody: String
    ) {
        self.id = id
        self.at = at
        self.instanceID = instanceID
        self.instanceSlug = instanceSlug
        self.method = method
        self.route = route
        self.path = path
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

    /// The status class a filter names: `4xx` holds 400 to 499.
    public var statusClass: Int { status / 100 }
}

/// Which logged requests to list, newest first.
public struct RequestLogQuery: Sendable, Equatable {
    /// Which instance's requests.
    public enum Scope: Sendable, Equatable {
        /// Every request.
        case all
        /// One instance's.
        case instance(Int64)
        /// Requests whose path named no instance of the store.
        case unknownInstance
    }

    /// Which statuses.
    public enum StatusFilter: Sendable, Equatable {
        /// A class: `4` for 4xx.
        case statusClass(Int)
        case exactly(Int)

        /// `4xx`, `5xx` or a number; `nil` for anything else.
        public init?(_ text: String) {
            let lowered = text.lowercased()
            if lowered.count == 3, lowered.hasSuffix("xx"), let digit = Int(lowered.prefix(1)), (1...5).contains(digit)
            {
                self = .statusClass(digit)
            } else if let status = Int(text), (100...599).contains(status) {
                self = .exactly(status)
            } else {
                return nil
            }
        }

        /// The statuses it holds, as a closed range.
        public var range: ClosedRange<Int> {
            switch self {
            case .statusClass(let digit): digit * 100...digit * 100 + 99
            case .exactly(let status): status...status
            }
        }
    }

    public var scope: Scope
    public var since: Date?
    public var status: StatusFilter?
    /// Only requests about this person (compared as ``RequestLogCaps/personKey(_:)``).
    public var person: String?
    /// Only requests older than this id (the next page).
    public var beforeID: Int64?
    public var limit: Int

    public init(
        scope: Scope = .all, since: Date? = nil, status: StatusFilter? = nil, person: String? = nil,
        beforeID: Int64? = nil, limit: Int = 1000
    ) {
        self.scope = scope
        self.since = since
        self.status = status
        self.person = person
        self.beforeID = beforeID
        self.limit = limit
    }
}
