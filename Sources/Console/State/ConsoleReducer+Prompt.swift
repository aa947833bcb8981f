import ScimifyCore

/// The `/` and `:` prompts: typing, ↑/↓ through the operator's history (kept between sessions), Tab
/// completion that shows the candidates, and the saved filters (`:save NAME`, `:filters`, `:filter NAME`).
extension ConsoleReducer {
    /// The `:` commands, for Tab completion and `:help`: each view's name (from the registry), then the rest.
    public static let commands =
        ConsoleTab.allCases.map(\.command) + [
            "refresh", "reload", "messages", "export", "save", "filters", "filter", "help", "quit",
        ]

    static func handleFilter(_ key: Key, _ text: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if key != .up, key != .down { state.recall = nil }
        switch key {
        case .escape:
            state.mode = .normal
            state.applyFilter("")
        case .enter:
            state.mode = .normal
            return remember(&state) { $0.filters = ConsoleMemory.appending(text, to: $0.filters) }
        case .backspace, .delete:
            let shorter = String(text.dropLast())
            state.mode = .filter(shorter)
            state.applyFilter(shorter)
        case .character(let c):
            let longer = text + String(c)
            state.mode = .filter(longer)
            state.applyFilter(longer)
        case .up, .down:
            if let recalled = recall(key, state.memory.filters, text, &state) {
                state.mode = .filter(recalled)
                state.applyFilter(recalled)
            }
        case .pageUp, .pageDown:
            state.moveSelection(by: key == .pageUp ? -state.tableHeight : state.tableHeight)
        case .control("c"):
            return quit(&state)
        default: break
        }
        return []
    }

    static func handleCommand(_ key: Key, _ text: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        if key != .up, key != .down { state.recall = nil }
        if key != .tab { state.completions = [] }
        switch key {
        case .escape:
            state.mode = .normal
        case .backspace, .delete:
            state.mode = .command(String(text.dropLast()))
        case .tab:
            let typed = text.lowercased()
            let matches = candidates(state).filter { $0.hasPrefix(typed) && $0 != typed }
            state.completions = matches
            if let first = matches.first {
                state.mode = .command(matches.count == 1 ? first : commonPrefix(matches) ?? first)
            }
        case .up, .down:
            if let recalled = recall(key, state.memory.commands, text, &state) { state.mode = .command(recalled) }
        case .character(let c):
            state.mode = .command(text + String(c))
        case .control("c"):
            return quit(&state)
        case .enter:
            state.mode = .normal
            let command = text.trimmingSpaces()
            let remembered = remember(&state) { $0.commands = ConsoleMemory.appending(command, to: $0.commands) }
            return remembered + run(command, &state)
        default: break
        }
        return []
    }

    /// Runs a typed `:` command.
    private static func run(_ command: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        let lowered = command.lowercased()
        if lowered.hasPrefix("export") { return export(String(command.dropFirst(6)).trimmingSpaces(), &state) }
        if lowered.hasPrefix("instance ") {
            return switchInstance(String(command.dropFirst(9)).trimmingSpaces().lowercased(), &state)
        }
        if lowered == "save" || lowered.hasPrefix("save ") {
            return saveFilter(String(command.dropFirst(4)).trimmingSpaces(), &state)
        }
        if lowered.hasPrefix("filter ") {
            return applySavedFilter(String(command.dropFirst(7)).trimmingSpaces(), &state)
        }
        return runCommand(lowered, &state)
    }

    /// What Tab offers: the commands, `instance SLUG` for each instance, `filter NAME` for each saved filter.
    static func candidates(_ state: ConsoleState) -> [String] {
        commands + ["instance"] + state.instances.rows.map { "instance \($0.slug)" }
            + savedFilters(state).keys.sorted().map { "filter \($0)" }
    }

    /// The entry ↑ or ↓ shows, or `nil` when there is none further.
    private static func recall(_ key: Key, _ history: [String], _ text: String, _ state: inout ConsoleState)
        -> String?
    {
        guard !history.isEmpty else { return nil }
        var recall = state.recall ?? PromptRecall(index: history.count, draft: text)
        if key == .up {
            guard recall.index > 0 else { return nil }
            recall.index -= 1
        } else {
            guard recall.index < history.count else { return nil }
            recall.index += 1
        }
        state.recall = recall
        return recall.index == history.count ? recall.draft : history[recall.index]
    }

    /// Changes what the console remembers and asks the runner to keep it, if anything changed.
    private static func remember(_ state: inout ConsoleState, _ change: (inout ConsoleMemory) -> Void)
        -> [ConsoleEffect]
    {
        var memory = state.memory
        change(&memory)
        guard memory != state.memory else { return [] }
        state.memory = memory
        return [.remember(memory)]
    }

    private static func savedFilters(_ state: ConsoleState) -> [String: ConsoleMemory.SavedFilter] {
        state.instance.flatMap { state.memory.savedFilters[$0.slug] } ?? [:]
    }

    /// `:save NAME`: the current view's filter under a name, for this instance.
    private static func saveFilter(_ name: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let slug = state.instance?.slug else { return [] }
        let filter = state.currentFilter
        guard !name.isEmpty, !name.contains(" "), !filter.isEmpty else {
            refuse("usage: /TEXT to filter, then :save NAME (one word) keeps that filter for \(slug)", &state)
            return []
        }
        let saved = ConsoleMemory.SavedFilter(view: state.tab.command, text: filter)
        let effects = remember(&state) { $0.savedFilters[slug, default: [:]][name] = saved }
        success("saved filter \(name): \(state.tab.title) /\(filter) (:filter \(name) applies it)", &state)
        return effects
    }

    /// `:filter NAME`: opens the saved filter's view with its text.
    private static func applySavedFilter(_ name: String, _ state: inout ConsoleState) -> [ConsoleEffect] {
        guard let saved = savedFilters(state)[name],
            let tab = ConsoleTab.allCases.first(where: { $0.command == saved.view })
        else {
            refuse("no saved filter \(name) for this instance (:filters lists them)", &state)
            return []
        }
        let effects = show(tab, &state)
        state.applyFilter(saved.text)
        return effects
    }

    /// `:filters`: this instance's saved filters.
    static func listSavedFilters(_ state: inout ConsoleState) {
        let saved = savedFilters(state)
        let lines =
            saved.isEmpty
            ? ["no saved filters for this instance: /TEXT to filter a view, then :save NAME"]
            : saved.keys.sorted().map { "\($0): \(saved[$0]!.view) /\(saved[$0]!.text)  (:filter \($0))" }
        state.modal = .notice(title: "Saved filters of \(state.instance?.slug ?? "this instance")", lines: lines)
    }

    private static func commonPrefix(_ words: [String]) -> String? {
        guard var prefix = words.first else { return nil }
        for word in words.dropFirst() { while !word.hasPrefix(prefix) { prefix.removeLast() } }
        return prefix
    }
}
