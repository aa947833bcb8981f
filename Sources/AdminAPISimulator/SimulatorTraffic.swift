import Foundation

/// Rate limits, fault injection and request counts: everything about the traffic rather than the data.
public actor SimulatorTraffic {
    /// Probabilities (0...1) of injected failures, drawn from a seeded generator so runs repeat.
    public struct Faults: Sendable, Equatable, Codable {
        public var seed: UInt64 = 1
        public var error500: Double = 0
        public var error529: Double = 0
        public var slow: Double = 0
        public var slowMilliseconds: Int = 200
        public var drop: Double = 0
        /// Each `after_id` page starts with the cursor row again, as an id-cursor scan sees a row twice when
        /// rows move during it.
        public var overlapPages = false

        public init(
            seed: UInt64 = 1,
            error500: Double = 0,
            error529: Double = 0,
            slow: Double = 0,
            slowMilliseconds: Int = 200,
            drop: Double = 0,
            overlapPages: Bool = false
        ) {
            self.overlapPages = overlapPages
            self.seed = seed
            self.error500 = error500
            self.error529 = error529
            self.slow = slow
            self.slowMilliseconds = slowMilliseconds
            self.drop = drop
        }

        enum CodingKeys: String, CodingKey {
            case seed, error500 = "error_500", error529 = "error_529", slow, slowMilliseconds = "slow_ms", drop
            case overlapPages = "overlap_pages"
        }
    }

    /// Request limits: all endpoints share `requestsPerWindow` per `windowSeconds`; invite creation has its own.
    public struct Limits: Sendable, Equatable, Codable {
        public var requestsPerWindow: Int?
        public var windowSeconds: Double = 60
        public var invitesPerHour: Int?

        public init(requestsPerWindow: Int? = nil, windowSeconds: Double = 60, invitesPerHour: Int? = nil) {
            self.requestsPerWindow = requestsPerWindow
            self.windowSeconds = windowSeconds
            self.invitesPerHour = invitesPerHour
        }

        enum CodingKeys: String, CodingKey {
            case requestsPerWindow = "requests_per_window", windowSeconds = "window_seconds"
            case invitesPerHour = "invites_per_hour"
        }
    }

    /// A deliberate pause on one route, before or after the operation is applied (crash tests kill a client
    /// while its request is held). A request held `before` whose client hung up is never applied.
    public struct Hold: Sendable, Equatable, Codable {
        public enum Moment: String, Sendable, Codable { case before, after }
        /// `"METHOD /path"` with `{id}` for ids, e.g. `"DELETE /v1/organizations/invites/{id}"`.
        public var route: String
        public var moment: Moment
        public var milliseconds: Int

        public init(route: String, moment: Moment, milliseconds: Int) {
            self.route = route
            self.moment = moment
            self.milliseconds = milliseconds
        }
    }

    /// What an incoming request should suffer before it is handled.
    enum Verdict: Equatable {
        case proceed
        case fail(status: Int)
        case slow(milliseconds: Int)
        case drop
        case rateLimited(retryAfter: Int)
    }

    public private(set) var faults = Faults()
    public private(set) var limits = Limits()
    public private(set) var holds: [Hold] = []
    private var random = SplitMix64(seed: 1)
    private var recent: [Date] = []
    private var recentInvites: [Date] = []
    private(set) var counts: [String: Int] = [:]
    private var requestCounter = 0

    public init() {}

    public func setFaults(_ faults: Faults) {
        self.faults = faults
        random = SplitMix64(seed: faults.seed)
    }

    /// Replaces the holds (an empty list releases nothing already held, but holds no new request).
    public func setHolds(_ holds: [Hold]) { self.holds = holds }

    func hold(for route: String) -> Hold? { holds.first { $0.route == route } }

    /// Bumped by ``abandonHeldRequests()``; a `before` hold that sees it change is dropped unapplied.
    private(set) var abandonEpoch = 0

    /// Drops every request now held `before` its operation, as if it never reached the API (a crash test
    /// calls this after killing the client, since a half-closed connection can still look active).
    public func abandonHeldRequests() { abandonEpoch += 1 }

    public func setLimits(_ limits: Limits) {
        self.limits = limits
        recent = []
        recentInvites = []
    }

    /// Counts by `"METHOD route status"`, e.g. `"POST /v1/organizations/invites 200"`.
    public func requestCounts() -> [String: Int] { counts }

    /// Upstream writes received (POST and DELETE on `/v1`), whatever their outcome.
    public func writeCount() -> Int {
        counts.filter {
            ($0.key.hasPrefix("POST /v1") || $0.key.hasPrefix("DELETE /v1")) && !$0.key.hasSuffix(" arrived")
        }
        .values.reduce(0, +)
    }

    public func resetCounts() { counts = [:] }

    /// Writes that changed the organization (a 2xx to a POST or DELETE), with their request-ids and the id of
    /// the object they changed or created (an invite, a user, a key), oldest first: every one of them must be in
    /// Scimify's audit log, by request-id, or by that id when its answer never reached Scimify.
    public private(set) var appliedWrites: [(route: String, requestID: String, target: String)] = []

    func recordApplied(_ route: String, requestID: String, target: String) {
        appliedWrites.append((route, requestID, target))
    }

    func record(_ key: String) { counts[key, default: 0] += 1 }

    func nextRequestID() -> String {
        requestCounter += 1
        let digits = String(requestCounter, radix: 36)
        return "req_011Sim" + String(repeating: "0", count: max(0, 16 - digits.count)) + digits
    }

    /// Decides the fate of one API request: rate limit first (a 429 costs nothing), then injected faults.
    func admit(isInviteCreation: Bool, now: Date = Date()) -> Verdict {
        if let limit = limits.requestsPerWindow {
            recent.removeAll { now.timeIntervalSince($0) >= limits.windowSeconds }
            if recent.count >= limit {
                let wait = limits.windowSeconds - now.timeIntervalSince(recent[0])
                return .rateLimited(retryAfter: max(1, Int(wait.rounded(.up))))
            }
        }
        if isInviteCreation, let limit = limits.invitesPerHour {
            recentInvites.removeAll { now.timeIntervalSince($0) >= 3600 }
            if recentInvites.count >= limit {
                return .rateLimited(
                    retryAfter: max(1, Int((3600 - now.timeIntervalSince(recentInvites[0])).rounded(.up))))
            }
            recentInvites.append(now)
        }
        if limits.requestsPerWindow != nil { recent.append(now) }
        let roll = random.nextUnit()
        var threshold = faults.drop
        if roll < threshold { return .drop }
        threshold += faults.error500
        if roll < threshold { return .fail(status: 500) }
        threshold += faults.error529
        if roll < threshold { return .fail(status: 529) }
        threshold += faults.slow
        if roll < threshold { return .slow(milliseconds: faults.slowMilliseconds) }
        return .proceed
    }
}

/// A small seeded generator (SplitMix64) so fault runs repeat exactly.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in `0..<1`.
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
}
