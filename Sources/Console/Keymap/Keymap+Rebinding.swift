/// Rebinding the keymap from the operator's config file (`[keys]` in `config.toml`): an action's name and
/// the keys it takes instead of its standard ones. Every rebinding is checked: unknown actions and key names
/// are refused, and so is a key two actions would share in one view (the conflict names both).
extension Keymap {
    /// One rebinding that could not be made, for `scimify config check` and the console's start.
    public struct RebindingError: Error, Equatable, Sendable {
        /// The action's name as written in the file.
        public var action: String
        public var message: String
    }

    /// Every action's name in the config file, in keymap order (`edit_role`, `view_members`, ...).
    public static var actionNames: [String] { bindings.map(\.action.configName) }

    /// The keymap with `overrides` (action name to key names) applied, and every error they have (with errors
    /// the keymap is not to be used: the console keeps the standard one and says why).
    public func rebound(_ overrides: [(action: String, keys: [String])]) -> (keymap: Keymap, errors: [RebindingError]) {
        var map = self
        var errors: [RebindingError] = []
        for (name, keyNames) in overrides {
            guard let index = map.bindings.firstIndex(where: { $0.action.configName == name }) else {
                errors.append(
                    .init(action: name, message: "unknown action \(name) (see `scimify config check --actions`)"))
                continue
            }
            var keys: [Key] = []
            for keyName in keyNames {
                guard let key = Key(configName: keyName) else {
                    errors.append(
                        .init(
                            action: name,
                            message:
                                "unknown key \"\(keyName)\" for \(name) (a character, Ctrl-X, F1-F12, Enter, Esc, Tab, "
                                + "S-Tab, Space, Up, Down, Left, Right, PgUp, PgDn, Home, End, Bksp, Del)"))
                    continue
                }
                keys.append(key)
            }
            if keyNames.isEmpty { errors.append(.init(action: name, message: "\(name) needs at least one key")) }
            if !keys.isEmpty { map.bindings[index].keys = keys }
        }
        errors += map.conflicts()
        return (map, errors)
    }

    /// Keys that two actions share in a view they both work in.
    func conflicts() -> [RebindingError] {
        var errors: [RebindingError] = []
        for (i, a) in bindings.enumerated() {
            for b in bindings[(i + 1)...] {
                let overlap = a.tabs == nil || b.tabs == nil || !a.tabs!.isDisjoint(with: b.tabs!)
                guard overlap else { continue }
                for key in a.keys where b.keys.contains(key) {
                    errors.append(
                        .init(
                            action: a.action.configName,
                            message:
                                "\(key.label) is bound to both \(a.action.configName) and \(b.action.configName)"))
                }
            }
        }
        return errors
    }
}

extension ConsoleAction {
    /// The action's name in the config file.
    public var configName: String {
        switch self {
        case .showView(let tab): "view_\(tab.command)"
        case .moveUp: "move_up"
        case .moveDown: "move_down"
        case .pageUp: "page_up"
        case .pageDown: "page_down"
        case .top: "first_row"
        case .bottom: "last_row"
        case .nextView: "next_view"
        case .previousView: "previous_view"
        case .filter: "filter"
        case .command: "command"
        case .help: "help"
        case .quit: "quit"
        case .reload: "reload"
        case .detail: "detail"
        case .detailDown: "detail_down"
        case .detailUp: "detail_up"
        case .sortNext: "sort_next"
        case .sortPrevious: "sort_previous"
        case .sortInvert: "sort_invert"
        case .editRole: "edit_role"
        case .removeMember: "remove_member"
        case .cancelInvite: "cancel_invite"
        case .reinvite: "reinvite"
        case .undoRemoval: "undo_removal"
        case .refreshUsers: "refresh_users"
        case .deactivateKey: "deactivate_key"
        case .activateKey: "activate_key"
        case .addInstance: "add_instance"
        case .testConnection: "test_connection"
        case .rotateToken: "rotate_token"
        case .rerunReadiness: "rerun_readiness"
        case .copy: "copy"
        case .retryProblem: "retry_problem"
        case .approveProblem: "approve_problem"
        case .dismissProblem: "dismiss_problem"
        case .goToPerson: "go_to_person"
        case .openRequest: "open_request"
        case .switchInstance: "open_instance"
        case .toggleMark: "mark"
        case .markAll: "mark_all"
        case .escape: "escape"
        }
    }
}

extension Key {
    /// A key from its name in the config file: one character, `Ctrl-X`, `F5`, or a named key (`Enter`, `Esc`,
    /// `Tab`, `S-Tab`, `Space`, `Up`, `Down`, `Left`, `Right`, `PgUp`, `PgDn`, `Home`, `End`, `Bksp`, `Del`),
    /// names matched case-insensitively.
    public init?(configName name: String) {
        if name.count == 1, let character = name.first, character != " " {
            self = .character(character)
            return
        }
        let lowered = name.lowercased()
        if lowered.hasPrefix("ctrl-"), lowered.count == 6, let c = lowered.last, c.isLetter {
            self = .control(c)
            return
        }
        if lowered.hasPrefix("f"), let n = Int(lowered.dropFirst()), (1...12).contains(n) {
            self = .function(n)
            return
        }
        let named: [String: Key] = [
            "enter": .enter, "return": .enter, "esc": .escape, "escape": .escape, "tab": .tab, "s-tab": .backTab,
            "backtab": .backTab, "space": .character(" "), "up": .up, "down": .down, "left": .left, "right": .right,
            "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown, "home": .home, "end": .end,
            "bksp": .backspace, "backspace": .backspace, "del": .delete, "delete": .delete,
        ]
        guard let key = named[lowered] else { return nil }
        self = key
    }
}
