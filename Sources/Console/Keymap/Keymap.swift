/// Everything a key can ask the console to do in the normal (table) mode.
public enum ConsoleAction: Hashable, Sendable {
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    case nextView, previousView, showView(ConsoleTab)
    case filter, command, help, quit, reload, detail, detailDown, detailUp
    case sortNext, sortPrevious, sortInvert
    case editRole, removeMember, cancelInvite, reinvite, undoRemoval, refreshUsers, deactivateKey, activateKey
    case addInstance, testConnection, rotateToken, rerunReadiness, copy
    case retryProblem, approveProblem, dismissProblem, goToPerson, openRequest, switchInstance
    case toggleMark, markAll, escape

    /// Whether the action only moves the selection (one line of the help).
    public var isMovement: Bool {
        switch self {
        case .moveUp, .moveDown, .pageUp, .pageDown, .top, .bottom: true
        default: false
        }
    }

    /// Whether the action changes the organization or the store (refused in `--read-only`).
    public var isMutating: Bool {
        switch self {
        case .editRole, .removeMember, .cancelInvite, .reinvite, .undoRemoval, .refreshUsers, .addInstance,
            .deactivateKey, .activateKey,
            .rotateToken,
            .retryProblem, .approveProblem, .dismissProblem:
            true
        default: false
        }
    }
}

/// One row of the keymap: the keys, what they do, where, and the words the footer and help print.
public struct KeyBinding: Sendable {
    public internal(set) var keys: [Key]
    public let action: ConsoleAction
    /// The views it works in (`nil`: every view).
    public internal(set) var tabs: Set<ConsoleTab>?
    /// Short footer label (`nil`: help only).
    public let hint: String?
    /// The help overlay's description.
    public let help: String

    public func applies(to tab: ConsoleTab) -> Bool { tabs?.contains(tab) ?? true }

    /// The keys as the help shows them (`j/↓`).
    public var keyLabel: String { keys.map(\.label).joined(separator: "/") }
}

/// The one keymap table: the reducer looks keys up here, and the footer and `?` help are generated from it.
/// The operator's config file can rebind any action (``rebound(_:)``); the console then uses that keymap
/// everywhere, its help and footer included.
public struct Keymap: Sendable {
    public var bindings: [KeyBinding]

    /// The keymap a console starts with when no config file rebinds a key.
    public static let standard = Keymap(bindings: Self.bindings)

    /// The standard keymap: the global keys, the shared table keys (offered in the views whose table takes
    /// them), every view's own keys from the registry, then the keys that work everywhere at the end.
    public static let bindings: [KeyBinding] = globalHead + tableKeys + ConsoleViews.bindings + globalTail

    private static let globalHead: [KeyBinding] =
        [
            .init(keys: [.character("j"), .down], action: .moveDown, tabs: nil, hint: nil, help: "move down"),
            .init(keys: [.character("k"), .up], action: .moveUp, tabs: nil, hint: nil, help: "move up"),
            .init(keys: [.pageDown, .control("f")], action: .pageDown, tabs: nil, hint: nil, help: "page down"),
            .init(keys: [.pageUp, .control("b")], action: .pageUp, tabs: nil, hint: nil, help: "page up"),
            .init(keys: [.character("g"), .home], action: .top, tabs: nil, hint: nil, help: "first row"),
            .init(keys: [.character("G"), .end], action: .bottom, tabs: nil, hint: nil, help: "last row"),
            .init(keys: [.tab], action: .nextView, tabs: nil, hint: nil, help: "next view"),
            .init(keys: [.backTab], action: .previousView, tabs: nil, hint: nil, help: "previous view"),
        ]
        + ConsoleViews.all.map { view in
            .init(
                keys: [.character(Character(String(view.tab.rawValue)))], action: .showView(view.tab), tabs: nil,
                hint: nil, help: view.summary)
        }

    /// The shared table engine's keys, each in the views whose table takes it (Enter opens the detail where
    /// the view does not give Enter a meaning of its own).
    private static var tableKeys: [KeyBinding] {
        let tables = ConsoleViews.tabs { _ in true }
        let ownEnter = Set(ConsoleViews.all.filter { $0.bindings.contains { $0.keys.contains(.enter) } }.map { $0.tab })
        let marks = ConsoleViews.tabs { $0.takesMarks }
        let sorts = ConsoleViews.tabs { $0.sortable }
        return [
            .init(
                keys: [.character("/")], action: .filter, tabs: ConsoleViews.tabs { $0.filterable },
                hint: "filter", help: "filter rows as you type (email, name, role, status, 4xx); Esc clears"),
            .init(
                keys: [.character(" ")], action: .toggleMark, tabs: marks, hint: "mark",
                help:
                    "mark the row; with marks, e D X R (t a x on Problems) act on every marked row, protected ones skipped"
            ),
            .init(
                keys: [.escape], action: .escape, tabs: nil, hint: nil,
                help: "stop a running bulk action after the current item; else clear the filter; else clear the marks"),
            .init(
                keys: [.character("*")], action: .markAll, tabs: marks, hint: nil,
                help: "mark every row the filter shows (Esc clears the marks when no filter or dialog is open)"),
            .init(
                keys: [.enter], action: .detail, tabs: tables.subtracting(ownEnter), hint: nil,
                help: "show or hide the detail pane"),
            .init(
                keys: [.character("J")], action: .detailDown, tabs: tables, hint: nil,
                help: "scroll the detail pane down (its text wraps; ↓ in its corner says there is more)"),
            .init(
                keys: [.character("K")], action: .detailUp, tabs: tables, hint: nil, help: "scroll the detail pane up"),
            .init(
                keys: [.character(">")], action: .sortNext, tabs: sorts, hint: nil, help: "sort by the next column"),
            .init(
                keys: [.character("<")], action: .sortPrevious, tabs: sorts, hint: nil,
                help: "sort by the previous column"),
            .init(keys: [.character("I")], action: .sortInvert, tabs: sorts, hint: nil, help: "invert the sort order"),
            .init(
                keys: [.character("y")], action: .copy, tabs: ConsoleViews.tabs { $0.copies }, hint: nil,
                help: "copy the email (SCIM URL, key id) to the clipboard (OSC 52)"),
        ]
    }

    private static let globalTail: [KeyBinding] = [
        .init(
            keys: [.character("U")], action: .refreshUsers, tabs: nil, hint: "refresh users",
            help: "refresh users: list members and invites, show the diff, import on confirmation"),
        .init(
            keys: [.character("r"), .function(5), .control("r")], action: .reload, tabs: nil, hint: "reload",
            help: "reload from the store (read-only); re-reads workspaces and keys on Members, the checks on Readiness"),
        .init(
            keys: [.character(":")], action: .command, tabs: nil, hint: nil,
            help: "command: "
                + ConsoleViews.all.map { $0.title.lowercased() }.joined(separator: " ")
                + " refresh reload messages export PATH help quit"),
        .init(keys: [.character("?")], action: .help, tabs: nil, hint: "help", help: "this help"),
        .init(
            keys: [.character("q"), .control("c")], action: .quit, tabs: nil, hint: "quit",
            help: "quit (restores the terminal)"),
    ]

    /// The binding `key` triggers in `tab`.
    public func binding(for key: Key, in tab: ConsoleTab) -> KeyBinding? {
        bindings.first { $0.keys.contains(key) && $0.applies(to: tab) }
    }

    /// The footer's `key label` pairs for a view.
    public func hints(for tab: ConsoleTab) -> [KeyBinding] {
        bindings.filter { $0.hint != nil && $0.applies(to: tab) }
    }
}
