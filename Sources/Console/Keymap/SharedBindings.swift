/// Bindings several views declare with one meaning (one keymap row and config name once merged by
/// ``ConsoleViews/bindings``), written once here so the words cannot drift apart between the views.
extension KeyBinding {
    static func editRole(in tab: ConsoleTab) -> KeyBinding {
        KeyBinding(
            keys: [.character("e")], action: .editRole, tabs: [tab], hint: "role",
            help: "edit claude_role (a pending invite is cancelled and re-invited)")
    }

    static func undoRemoval(in tab: ConsoleTab) -> KeyBinding {
        KeyBinding(
            keys: [.character("u")], action: .undoRemoval, tabs: [tab], hint: "undo",
            help: "undo the last removal, single or bulk: re-invite each with the old role (confirmed)")
    }

    static func goToPerson(in tab: ConsoleTab) -> KeyBinding {
        KeyBinding(
            keys: [.character("o")], action: .goToPerson, tabs: [tab], hint: "go to person",
            help: "go to the person's member or invite row")
    }
}
