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
    public let tabs: Set<ConsoleTab>?
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

    public static let bindings: [KeyBinding] = [
        .init(keys: [.character("j"), .down], action: .moveDown, tabs: nil, hint: nil, help: "move down"),
        .init(keys: [.character("k"), .up], action: .moveUp, tabs: nil, hint: nil, help: "move up"),
        .init(keys: [.pageDown, .control("f")], action: .pageDown, tabs: nil, hint: nil, help: "page down"),
        .init(keys: [.pageUp, .control("b")], action: .pageUp, tabs: nil, hint: nil, help: "page up"),
        .init(keys: [.character("g"), .home], action: .top, tabs: nil, hint: nil, help: "first row"),
        .init(keys: [.character("G"), .end], action: .bottom, tabs: nil, hint: nil, help: "last row"),
        .init(keys: [.tab], action: .nextView, tabs: nil, hint: nil, help: "next view"),
        .init(keys: [.backTab], action: .previousView, tabs: nil, hint: nil, help: "previous view"),
        .init(keys: [.character("1")], action: .showView(.members), tabs: nil, hint: nil, help: "members"),
        .init(keys: [.character("2")], action: .showView(.invites), tabs: nil, hint: nil, help: "invites"),
        .init(keys: [.character("3")], action: .showView(.problems), tabs: nil, hint: nil, help: "problems"),
        .init(keys: [.character("4")], action: .showView(.audit), tabs: nil, hint: nil, help: "audit log"),
        .init(keys: [.character("5")], action: .showView(.readiness), tabs: nil, hint: nil, help: "readiness report"),
        .init(keys: [.character("6")], action: .showView(.instances), tabs: nil, hint: nil, help: "instances"),
        .init(
            keys: [.character("7")], action: .showView(.keys), tabs: nil, hint: nil,
            help: "API keys, with who made them (orphans: their maker left)"),
        .init(
            keys: [.character("8")], action: .showView(.requests), tabs: nil, hint: nil,
            help: "SCIM requests: what the IdP sent and what serve answered"),
        .init(
            keys: [.character("/")], action: .filter,
            tabs: [.members, .invites, .problems, .audit, .keys, .requests],
            hint: "filter", help: "filter rows as you type (email, name, role, status, 4xx); Esc clears"),
        .init(
            keys: [.character(" ")], action: .toggleMark, tabs: [.members, .invites, .problems, .keys], hint: "mark",
            help:
                "mark the row; with marks, e D X R (t a x on Problems) act on every marked row, protected ones skipped"),
        .init(
            keys: [.escape], action: .escape, tabs: nil, hint: nil,
            help: "stop a running bulk action after the current item; else clear the filter; else clear the marks"),
        .init(
            keys: [.character("*")], action: .markAll, tabs: [.members, .invites, .problems, .keys], hint: nil,
            help: "mark every row the filter shows (Esc clears the marks when no filter or dialog is open)"),
        .init(
            keys: [.enter], action: .switchInstance, tabs: [.instances], hint: "open",
            help: "open the selected instance in this console (also :instance NAME)"),
        .init(
            keys: [.enter], action: .detail, tabs: [.members, .invites, .problems, .audit, .keys, .requests],
            hint: nil,
            help: "show or hide the detail pane"),
        .init(
            keys: [.character("J")], action: .detailDown,
            tabs: [.members, .invites, .problems, .audit, .instances, .keys, .requests],
            hint: nil, help: "scroll the detail pane down (its text wraps; ↓ in its corner says there is more)"),
        .init(
            keys: [.character("K")], action: .detailUp,
            tabs: [.members, .invites, .problems, .audit, .instances, .keys, .requests],
            hint: nil, help: "scroll the detail pane up"),
        .init(
            keys: [.character("e")], action: .editRole, tabs: [.members, .invites], hint: "role",
            help: "edit claude_role (a pending invite is cancelled and re-invited)"),
        .init(
            keys: [.character("D")], action: .removeMember, tabs: [.members], hint: "remove",
            help: "remove the member from the organization (confirmed)"),
        .init(
            keys: [.character("X")], action: .cancelInvite, tabs: [.invites], hint: "cancel",
            help: "cancel the pending invite (confirmed)"),
        .init(
            keys: [.character("R")], action: .reinvite, tabs: [.invites], hint: "re-invite",
            help: "re-invite an expired or cancelled invite with its role (confirmed)"),
        .init(
            keys: [.character("X")], action: .deactivateKey, tabs: [.keys], hint: "deactivate",
            help: "set the API key inactive: it stops working, reversibly (confirmed)"),
        .init(
            keys: [.character("R")], action: .activateKey, tabs: [.keys], hint: "reactivate",
            help: "set an inactive API key active again (confirmed)"),
        .init(
            keys: [.character("u")], action: .undoRemoval, tabs: [.members, .invites], hint: "undo",
            help: "undo the last removal, single or bulk: re-invite each with the old role (confirmed)"),
        .init(
            keys: [.character("U")], action: .refreshUsers, tabs: nil, hint: "refresh users",
            help: "refresh users: list members and invites, show the diff, import on confirmation"),
        .init(
            keys: [.character("r"), .function(5), .control("r")], action: .reload, tabs: nil, hint: "reload",
            help: "reload from the store (read-only); re-reads workspaces and keys on Members, the checks on Readiness"),
        .init(
            keys: [.character(">")], action: .sortNext, tabs: [.members, .invites, .keys], hint: nil,
            help: "sort by the next column"),
        .init(
            keys: [.character("<")], action: .sortPrevious, tabs: [.members, .invites, .keys], hint: nil,
            help: "sort by the previous column"),
        .init(
            keys: [.character("I")], action: .sortInvert, tabs: [.members, .invites, .keys], hint: nil,
            help: "invert the sort order"),
        .init(
            keys: [.character("y")], action: .copy, tabs: [.members, .invites, .instances, .keys], hint: nil,
            help: "copy the email (SCIM URL, key id) to the clipboard (OSC 52)"),
        .init(
            keys: [.character("t")], action: .retryProblem, tabs: [.problems], hint: "retry",
            help: "retry: re-apply the IdP's last word (or the refused change) through the core (confirmed)"),
        .init(
            keys: [.character("a")], action: .approveProblem, tabs: [.problems], hint: "approve",
            help: "approve a removal held by the guard: it is made now (confirmed)"),
        .init(
            keys: [.character("x")], action: .dismissProblem, tabs: [.problems], hint: "dismiss",
            help: "dismiss: keep things as they are (asks for a one-line reason)"),
        .init(
            keys: [.character("o")], action: .goToPerson, tabs: [.problems, .requests], hint: "go to person",
            help: "go to the person's member or invite row"),
        .init(
            keys: [.character("L")], action: .openRequest, tabs: [.problems], hint: nil,
            help: "show a failed push's SCIM request in the Requests view (what the IdP sent, what it got)"),
        .init(
            keys: [.character("a")], action: .addInstance, tabs: [.instances], hint: "add",
            help: "add an instance (the Admin API key is typed masked)"),
        .init(
            keys: [.character("t")], action: .testConnection, tabs: [.instances], hint: "test",
            help: "test the selected instance's connection"),
        .init(
            keys: [.character("T")], action: .rotateToken, tabs: [.instances], hint: "rotate token",
            help: "rotate the SCIM token and show the new one once (confirmed)"),
        .init(
            keys: [.character(":")], action: .command, tabs: nil, hint: nil,
            help:
                "command: members invites problems audit readiness instances keys requests refresh reload messages export PATH help quit"
        ),
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
