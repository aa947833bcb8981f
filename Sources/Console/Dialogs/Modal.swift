import ScimifyCore

/// A dialog over the table. Only one is open at a time; Esc (or `q`, `n`) always closes it without acting.
public enum Modal: Sendable {
    /// The `?` help, scrolled by `scroll` lines.
    case help(scroll: Int)
    case rolePicker(RolePicker)
    case confirm(Confirmation)
    case addInstance(InstanceForm)
    /// A text to read (the refresh summary, `:messages`, a new SCIM token shown once), wrapped and scrolled by
    /// `scroll` lines. A token's box closes only on Enter or Esc; the others on any key but a scroll key.
    case notice(title: String, lines: [String], scroll: Int = 0)
    /// The result list of a bulk action, scrolled by `scroll` lines.
    case bulkReport(BulkReport, scroll: Int)
}

/// The edit-role picker: the provisionable roles with the current one marked. `admin` is never offered.
public struct RolePicker: Sendable, Equatable {
    public var email: String
    public var current: ClaudeRole
    /// Whether the email has a pending invite (a change cancels it and re-invites).
    public var isInvite: Bool
    public var choices: [ClaudeRole] = ClaudeRole.provisionable
    public var cursor: Int
    /// The member or invite the operator is looking at (the change refuses if Claude's state differs).
    public var seen: ExpectedState?
    /// Set when the picker chooses the role for this many marked rows (a bulk change follows).
    public var marked: Int?

    public init(email: String, current: ClaudeRole, isInvite: Bool, seen: ExpectedState? = nil, marked: Int? = nil) {
        self.email = email
        self.current = current
        self.isInvite = isInvite
        self.seen = seen
        self.marked = marked
        cursor = ClaudeRole.provisionable.firstIndex(of: current) ?? 0
    }
}

/// A dialog for a change: Cancel and one or more ways to go ahead. Focus starts on Cancel: Enter alone never
/// destroys. With one way, `y` takes it; with several, each has its own letter and `y` is refused as ambiguous.
public struct Confirmation: Sendable, Equatable {
    /// One way to go ahead: its button label, its letter, what it does.
    public struct Choice: Sendable, Equatable {
        public var label: String
        public var key: Character
        public var effect: ConsoleEffect

        public init(label: String, key: Character, effect: ConsoleEffect) {
            self.label = label
            self.key = key
            self.effect = effect
        }
    }

    public var title: String
    public var consequence: String
    /// The ways to go ahead, in button order after Cancel.
    public var choices: [Choice]
    public var destructive: Bool
    /// The focused button: 0 is Cancel, `n` is `choices[n - 1]`.
    public var focus = 0
    /// For a bulk action on more than ``BulkConfirmation/typedCountThreshold`` rows: the count the operator
    /// must type before Enter confirms (`y` alone does not).
    public var requiredCount: Int?
    /// What the operator typed so far, and why the last key did not confirm.
    public var typed = ""
    public var error: String?

    /// A dialog with one way to go ahead, taken with `y`.
    public init(
        title: String, consequence: String, confirmLabel: String, effect: ConsoleEffect, destructive: Bool,
        requiredCount: Int? = nil
    ) {
        self.init(
            title: title, consequence: consequence,
            choices: [Choice(label: confirmLabel, key: "y", effect: effect)], destructive: destructive,
            requiredCount: requiredCount)
    }

    public init(
        title: String, consequence: String, choices: [Choice], destructive: Bool, requiredCount: Int? = nil
    ) {
        precondition(!choices.isEmpty, "a confirmation needs a way to go ahead")
        self.title = title
        self.consequence = consequence
        self.choices = choices
        self.destructive = destructive
        self.requiredCount = requiredCount
    }

    /// The first way to go ahead (the only one of a yes/no dialog).
    public var confirmLabel: String { choices[0].label }
    public var effect: ConsoleEffect { choices[0].effect }
    /// Whether a button other than Cancel has the focus.
    public var confirmFocused: Bool { focus != 0 }
    /// The ways to go ahead by letter, for the dialog's hints: `d remove and deactivate keys · o remove only`.
    public var choicesInWords: String {
        choices.map { "\($0.key) \($0.label.lowercased())" }.joined(separator: " · ")
    }
    /// The choice a key letter names (`y` only when there is one choice).
    public func choice(for character: Character) -> Choice? {
        choices.first { String($0.key) == String(character).lowercased() }
    }
}

/// The add-instance form: name, API base URL and the Admin API key (drawn masked).
public struct InstanceForm: Sendable, Equatable {
    public static let labels = ["Name", "API base URL", "Admin API key"]
    public var fields = ["", "https://api.anthropic.com", ""]
    public var focus = 0
    public var error: String?

    public init() {}
}

/// A transient message under the table: success fades after a few seconds, errors stay until a key.
public struct Flash: Sendable, Equatable {
    public enum Kind: Sendable, Equatable { case success, info, error }
    public var text: String
    public var kind: Kind
    /// When a success or info message disappears (errors have none).
    public var expires: Double?

    public init(text: String, kind: Kind, expires: Double?) {
        self.text = text
        self.kind = kind
        self.expires = expires
    }
}

/// Upstream work in progress, drawn as a spinner with its progress.
public struct BusyWork: Sendable, Equatable {
    public var label: String
    public var progress: String?

    public init(label: String, progress: String? = nil) {
        self.label = label
        self.progress = progress
    }
}

/// A bulk action in progress: whether Esc asked it to stop, and the view whose marks it acts on (done rows are
/// unmarked there, wherever the operator is by then). Its progress is on the busy line.
public struct BulkRun: Sendable, Equatable {
    public var stopping = false
    public var tab: ConsoleTab

    public init(tab: ConsoleTab) {
        self.tab = tab
    }
}
