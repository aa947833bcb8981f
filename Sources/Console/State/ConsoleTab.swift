/// The console's views, in Tab order (keys 1-8).
public enum ConsoleTab: Int, CaseIterable, Hashable, Sendable {
    case members = 1, invites, problems, audit, readiness, instances, keys, requests

    public var title: String {
        switch self {
        case .members: "Members"
        case .invites: "Invites"
        case .problems: "Problems"
        case .audit: "Audit"
        case .readiness: "Readiness"
        case .instances: "Instances"
        case .keys: "Keys"
        case .requests: "Requests"
        }
    }

    /// The tab bar's name on a narrow terminal.
    public var shortTitle: String {
        switch self {
        case .members: "Mem"
        case .invites: "Inv"
        case .problems: "Prob"
        case .audit: "Audit"
        case .readiness: "Ready"
        case .instances: "Inst"
        case .keys: "Keys"
        case .requests: "Req"
        }
    }

    /// The `:` command that opens the view.
    public var command: String { title.lowercased() }

    public var next: ConsoleTab { ConsoleTab(rawValue: rawValue % Self.allCases.count + 1)! }
    public var previous: ConsoleTab {
        ConsoleTab(rawValue: (rawValue + Self.allCases.count - 2) % Self.allCases.count + 1)!
    }
}
