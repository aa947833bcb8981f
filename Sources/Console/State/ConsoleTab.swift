/// The console's views, in Tab order (keys 1-8); what each one is and does is its ``ConsoleView`` (``view``).
public enum ConsoleTab: Int, CaseIterable, Hashable, Sendable {
    case members = 1, invites, problems, audit, readiness, instances, keys, requests

    public var title: String { view.title }

    /// The tab bar's name on a narrow terminal.
    public var shortTitle: String { view.shortTitle }

    /// The `:` command that opens the view.
    public var command: String { title.lowercased() }

    public var next: ConsoleTab { ConsoleTab(rawValue: rawValue % Self.allCases.count + 1)! }
    public var previous: ConsoleTab {
        ConsoleTab(rawValue: (rawValue + Self.allCases.count - 2) % Self.allCases.count + 1)!
    }
}
