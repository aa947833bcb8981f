import ScimifyCore

/// Keys while a dialog is open, and while the `/` or `:` input line is active.
extension ConsoleReducer {
    /// A notice: scroll keys scroll it, any other key closes it (a token's only Enter; `y` copies the token).
    static func handleNotice(
        _ key: Key, _ title: String, _ lines: [String], _ scroll: Int, _ state: inout ConsoleState
    ) -> [ConsoleEffect] {
        let page = NoticeView.page(lines, state)
        guard let step = ScrollKey.step(key, page: page) else {
            // A token shown once: `y` copies it (OSC 52) and only Enter closes the box, so a stray key never
            // loses it.
            if NoticeView.isOnce(title) {
                if key == .character("y"), let token = lines.first(where: { $0.hasPrefix("scimify_") }) {
                    success("copied the SCIM token to the clipboard (OSC 52); Enter closes", &state)
                    return [.copy(token)]
                }
                if key == .enter { state.modal = nil }
                return []
            }
            state.modal = nil
            return []
        }
        let count = NoticeView.rows(lines, width: state.width).count
        state.modal = .notice(
            title: title, lines: lines, scroll: ScrollKey.moved(scroll, by: step, count: count, page: page))
        return []
    }

    static func handleModal(_ key: Key, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let modal = state.modal else { return [] }
        if key == .control("c") { return quit(&state) }
        switch modal {
        case .help(let scroll):
            if let step = ScrollKey.step(key, page: HelpView.page(state)) {
                let count = HelpView.rows(state).count
                state.modal = .help(scroll: ScrollKey.moved(scroll, by: step, count: count, page: HelpView.page(state)))
            } else {
                state.modal = nil
            }
            return []
        case .notice(let title, let lines, let scroll):
            return handleNotice(key, title, lines, scroll, &state)
        case .bulkReport(let report, let scroll):
            handleReport(key, report, scroll, &state)
            return []
        case .rolePicker(var picker):
            switch key {
            case .escape, .character("q"), .character("n"):
                state.modal = nil
            case .down, .character("j"), .tab:
                picker.cursor = (picker.cursor + 1) % picker.choices.count
                state.modal = .rolePicker(picker)
            case .up, .character("k"), .backTab:
                picker.cursor = (picker.cursor + picker.choices.count - 1) % picker.choices.count
                state.modal = .rolePicker(picker)
            case .character(let c) where c.wholeNumberValue.map { (1...picker.choices.count).contains($0) } == true:
                picker.cursor = c.wholeNumberValue! - 1
                state.modal = .rolePicker(picker)
            case .enter:
                state.modal = nil
                let role = picker.choices[picker.cursor]
                if picker.marked != nil { return bulkRoleChosen(role, isInvite: picker.isInvite, &state) }
                if role == picker.current {
                    info("\(picker.email) already has the role \(role); nothing to change", &state)
                    return []
                }
                // Confirmed like every other change, focus on Cancel.
                let consequence =
                    picker.isInvite
                    ? "\(picker.email) has a pending invite as \(picker.current): Scimify cancels it and sends a new "
                        + "one with the role \(role) (invites cannot be edited; the old link stops working)."
                    : "\(picker.email) is a member: their role in the organization changes from \(picker.current) "
                        + "to \(role) at once."
                state.modal = .confirm(
                    Confirmation(
                        title: "Change \(picker.email) from \(picker.current) to \(role)?", consequence: consequence,
                        confirmLabel: "Change to \(role)",
                        effect: .updateRole(email: picker.email, role: role, expecting: picker.seen),
                        destructive: false))
            default: break
            }
            return []
        case .confirm(var confirmation):
            if let required = confirmation.requiredCount {
                return handleTypedCount(key, &confirmation, required, &state)
            }
            switch key {
            case .escape, .character("q"), .character("n"), .character("N"):
                state.modal = nil
                info("cancelled; nothing changed", &state)
            case .left, .right, .tab, .backTab, .character("h"), .character("l"):
                moveFocus(key, &confirmation)
                state.modal = .confirm(confirmation)
            case .enter:
                state.modal = nil
                guard confirmation.focus > 0 else {
                    info("cancelled; nothing changed", &state)
                    return []
                }
                return go(confirmation.choices[confirmation.focus - 1], &state)
            case .character(let c):
                if let choice = confirmation.choice(for: c) {
                    state.modal = nil
                    return go(choice, &state)
                }
                if c == "y" || c == "Y" {
                    confirmation.error = ambiguity(confirmation)
                    state.modal = .confirm(confirmation)
                }
            default: break
            }
            return []
        case .addInstance(var form):
            return handleForm(key, &form, &state)
        }
    }

    /// ←→ Tab move the focus over Cancel and the choices, wrapping.
    static func moveFocus(_ key: Key, _ confirmation: inout Confirmation) {
        let buttons = confirmation.choices.count + 1
        let back = key == .left || key == .backTab || key == .character("h")
        confirmation.focus = (confirmation.focus + (back ? buttons - 1 : 1)) % buttons
    }

    /// Runs a chosen way to go ahead.
    static func go(_ choice: Confirmation.Choice, _ state: inout ConsoleState) -> [ConsoleEffect] {
        start(choice.label + "…", choice.effect, &state)
    }

    /// Why `y` does nothing on a dialog with several ways to go ahead, naming each letter.
    static func ambiguity(_ confirmation: Confirmation) -> String {
        "y is ambiguous here: "
            + confirmation.choicesInWords
            + " · Esc cancels"
    }

    private static func handleForm(_ key: Key, _ form: inout InstanceForm, _ state: inout ConsoleState)
        -> [ConsoleEffect]
    {
        switch key {
        case .escape:
            state.modal = nil
            info("cancelled; no instance added", &state)
            return []
        case .tab, .down:
            form.focus = (form.focus + 1) % form.fields.count
        case .backTab, .up:
            form.focus = (form.focus + form.fields.count - 1) % form.fields.count
        case .backspace, .delete:
            if !form.fields[form.focus].isEmpty { form.fields[form.focus].removeLast() }
        case .character(let c):
            if form.fields[form.focus].count < 2048 { form.fields[form.focus].append(c) }
        case .enter:
            if form.focus < form.fields.count - 1 {
                form.focus += 1
            } else {
                let name = form.fields[0].trimmingSpaces()
                let url = form.fields[1].trimmingSpaces()
                let key = form.fields[2].trimmingSpaces()
                if name.isEmpty || Instance.slug(from: name).isEmpty {
                    form.error = "the name needs a letter or digit"
                    form.focus = 0
                } else if !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
                    form.error = "the API base URL starts with https://"
                    form.focus = 1
                } else if key.isEmpty {
                    form.error = "paste the Admin API key (sk-ant-admin…)"
                    form.focus = 2
                } else {
                    state.modal = nil
                    return start(
                        "Adding \(name)", .addInstance(NewInstance(name: name, apiBaseURL: url, apiKey: key)), &state)
                }
            }
        default: break
        }
        state.modal = .addInstance(form)
        return []
    }

    /// Opens another instance in this console (Enter on Instances, or `:instance NAME`).
    static func switchInstance(_ slug: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let target = state.instances.rows.first(where: { $0.slug == slug || $0.name.lowercased() == slug }) else {
            refuse("no instance \(slug): see the Instances view (6)", &state)
            return []
        }
        if target.slug == state.instance?.slug {
            info("already on \(target.slug)", &state)
            return []
        }
        return start("Opening \(target.slug)", .switchInstance(slug: target.slug), &state)
    }

    /// `:export PATH`: the current view as filtered and sorted, to `.csv` or `.json`.
    static func export(_ path: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard !path.isEmpty, let format = ConsoleExport.format(of: path) else {
            refuse("usage: :export PATH.csv or :export PATH.json (the current view as filtered and sorted)", &state)
            return []
        }
        guard let table = ConsoleExport.table(state) else {
            let tables = ConsoleViews.all.filter { $0.table != nil }.map { $0.title }
            refuse(
                "the \(state.tab.title) view is not a table; open "
                    + tables.dropLast().joined(separator: ", ") + " or " + (tables.last ?? ""), &state)
            return []
        }
        return [.export(path: path, content: ConsoleExport.text(table, as: format), rows: table.rows.count)]
    }

    static func runCommand(_ command: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if let tab = ConsoleTab.allCases.first(where: { $0.command == command || String($0.rawValue) == command }) {
            return show(tab, &state)
        }
        switch command {
        case "q", "q!", "quit", "exit": return quit(&state)
        case "help", "h": state.modal = .help(scroll: 0)
        case "reload": return perform(.reload, &state)
        case "messages", "msg":
            let lines = state.messages.isEmpty ? ["no messages yet in this session"] : state.messages
            state.modal = .notice(title: "Messages of this session (newest last)", lines: lines)
        case "refresh", "refresh users":
            if state.readOnly {
                refuse("read-only: refresh users is disabled (the console was started with --read-only)", &state)
                return []
            }
            return perform(.refreshUsers, &state)
        case "filters": listSavedFilters(&state)
        case "": break
        default: refuse("unknown command :\(command) (try :help, or Tab for the commands)", &state)
        }
        return []
    }
}
