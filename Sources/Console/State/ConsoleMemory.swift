import ScimifyCore

/// What the console remembers for its operator between sessions: the `:` and `/` histories (↑/↓ at the
/// prompt) and the filters saved per instance (`:save NAME`, `:filters`, `:filter NAME`). Kept by the runner
/// in `$XDG_STATE_HOME/scimify/console.json` (``ConsoleMemoryFile``); nothing in it is a secret.
public struct ConsoleMemory: Codable, Sendable, Equatable {
    /// A filter saved under a name: the view it belongs to and its text.
    public struct SavedFilter: Codable, Sendable, Equatable {
        public var view: String
        public var text: String
    }

    /// Entries kept per history.
    public static let limit = 200

    /// `:` commands, oldest first.
    public var commands: [String] = []
    /// `/` filters, oldest first.
    public var filters: [String] = []
    /// Saved filters by instance slug, then by name.
    public var savedFilters: [String: [String: SavedFilter]] = [:]

    public init() {}

    /// Appends `entry` to `history` (a repeat of the last entry is not added again; the oldest go first).
    static func appending(_ entry: String, to history: [String]) -> [String] {
        let entry = entry.trimmingSpaces()
        guard !entry.isEmpty, history.last != entry else { return history }
        return Array((history + [entry]).suffix(limit))
    }
}

/// Where the operator is in a prompt's history while pressing ↑/↓: the entry shown, and what was typed
/// before the first ↑ (↓ past the newest entry gives it back).
public struct PromptRecall: Sendable, Equatable {
    public var index: Int
    public var draft: String
}
