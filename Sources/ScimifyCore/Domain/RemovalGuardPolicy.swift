/// The mass-removal guard of an instance: at most `maxRemovals` removals from the SCIM path within
/// `windowMinutes`; past that, removals are held as problems until an operator approves them. A
/// misconfigured IdP rule that starts deprovisioning half the company is stopped before it reaches Claude.
public struct RemovalGuardPolicy: Hashable, Sendable, Codable {
    /// `0` turns the guard off.
    public var maxRemovals: Int
    public var windowMinutes: Int

    public init(maxRemovals: Int, windowMinutes: Int) {
        self.maxRemovals = maxRemovals
        self.windowMinutes = windowMinutes
    }

    /// 10 removals an hour.
    public static let `default` = RemovalGuardPolicy(maxRemovals: 10, windowMinutes: 60)

    public var isOn: Bool { maxRemovals > 0 }

    /// `10 in 60 min`, or `off`.
    public var summary: String { isOn ? "\(maxRemovals) in \(windowMinutes) min" : "off" }
}
