import ScimifyCore

/// A view's table as the shared machinery sees it: selection, filter, sort, marks, export, copy and drawing,
/// without knowing the row type. ``TableSlot`` is the one implementation; a view declares one.
protocol ViewTable {
    /// Whether Space and `*` mark rows (bulk actions act on the marks).
    var takesMarks: Bool { get }
    /// Whether `<`, `>` and `I` sort it.
    var sortable: Bool { get }
    /// Whether `/` filters it.
    var filterable: Bool { get }
    /// Whether `y` copies something of the selection.
    var copies: Bool { get }

    func position(_ state: ConsoleState) -> (cursor: Int, count: Int, total: Int, top: Int)
    func filter(_ state: ConsoleState) -> String
    func move(_ state: inout ConsoleState, by delta: Int)
    func select(_ state: inout ConsoleState, position: Int)
    func setFilter(_ state: inout ConsoleState, _ text: String)
    /// Sorts by the column `step` away from the current one; `nil` inverts the order.
    func sort(_ state: inout ConsoleState, step: Int?)
    /// Scrolls so the selection stays within `rows` drawn rows.
    func keepVisible(_ state: inout ConsoleState, rows: Int)
    func markCount(_ state: ConsoleState) -> Int
    func toggleMark(_ state: inout ConsoleState)
    func markAllVisible(_ state: inout ConsoleState) -> Int
    /// Clears the marks of `ids` (every mark when `nil`).
    func clearMarks(_ state: inout ConsoleState, _ ids: Set<String>?)
    /// The column titles and the visible rows' cell texts, as `:export` writes them.
    func exported(_ state: ConsoleState) -> (titles: [String], rows: [[String]])
    /// What `y` copies of the selection.
    func copyText(_ state: ConsoleState) -> String?
    func draw(_ state: ConsoleState, into buffer: inout CellBuffer, row: Int, height: Int)
    /// The table of `snapshot`'s rows sorted and filtered like the shown one (built off the UI thread), for a
    /// view whose rows come straight from the snapshot; `nil` for one the reducer fills itself.
    func prepare(_ snapshot: ConsoleSnapshot, like state: ConsoleState) -> (any Sendable)?
    /// Takes a table ``prepare(_:like:)`` built.
    func adopt(_ prepared: any Sendable, _ state: inout ConsoleState)
}

/// A view's table: where its ``RowTable`` lives in the state, how a row draws, what the view says when it is
/// empty, and which shared operations it takes.
struct TableSlot<Row: Sendable>: ViewTable {
    let path: WritableKeyPath<ConsoleState, RowTable<Row>>
    var takesMarks = false
    var sortable = false
    var filterable = true
    /// The line shown when no row is visible.
    let empty: (ConsoleState) -> String
    /// A row's cells (the state gives the clock and the instance's facts).
    let cells: (ConsoleState) -> (Row) -> [TableCell]
    /// What `y` copies of a row; `nil`: the view copies nothing.
    var copy: ((Row) -> String?)? = nil
    /// The view's rows in a snapshot, when they come straight from it (then loads adopt them generically).
    var rowsOf: ((ConsoleSnapshot) -> [Row])? = nil
    /// Whether a load keeps the selection on the first row while it is there (newest-first logs, `tail -f`);
    /// scrolled down, it stays on the row the operator reads.
    var followsNewest = false

    var copies: Bool { copy != nil }

    func position(_ state: ConsoleState) -> (cursor: Int, count: Int, total: Int, top: Int) {
        let table = state[keyPath: path]
        return (table.cursor, table.visible.count, table.rows.count, table.top)
    }

    func filter(_ state: ConsoleState) -> String { filterable ? state[keyPath: path].filter : "" }
    func move(_ state: inout ConsoleState, by delta: Int) { state[keyPath: path].move(by: delta) }
    func select(_ state: inout ConsoleState, position: Int) { state[keyPath: path].select(position: position) }

    func setFilter(_ state: inout ConsoleState, _ text: String) {
        guard filterable else { return }
        state[keyPath: path].setFilter(text)
    }

    func sort(_ state: inout ConsoleState, step: Int?) {
        guard sortable else { return }
        let current = state[keyPath: path].sortColumn
        guard let step else { return state[keyPath: path].sort(by: current) }
        let count = state[keyPath: path].columns.count
        state[keyPath: path].sort(by: (current + step + count) % count, ascending: true)
    }

    func keepVisible(_ state: inout ConsoleState, rows: Int) {
        let table = state[keyPath: path]
        var top = table.top
        if table.cursor < top { top = table.cursor }
        if table.cursor >= top + rows { top = table.cursor - rows + 1 }
        top = max(0, min(top, max(0, table.visible.count - rows)))
        if top != table.top { state[keyPath: path].top = top }
    }

    func markCount(_ state: ConsoleState) -> Int { takesMarks ? state[keyPath: path].markCount : 0 }

    func toggleMark(_ state: inout ConsoleState) {
        guard takesMarks else { return }
        state[keyPath: path].toggleMark()
    }

    func markAllVisible(_ state: inout ConsoleState) -> Int {
        takesMarks ? state[keyPath: path].markAllVisible() : 0
    }

    func clearMarks(_ state: inout ConsoleState, _ ids: Set<String>?) {
        guard takesMarks else { return }
        state[keyPath: path].clearMarks(ids)
    }

    func exported(_ state: ConsoleState) -> (titles: [String], rows: [[String]]) {
        let table = state[keyPath: path]
        let cells = cells(state)
        return (table.columns.map(\.title), table.visible.map { cells(table.rows[Int($0)]).map(\.text) })
    }

    func copyText(_ state: ConsoleState) -> String? {
        guard let copy, let row = state[keyPath: path].selected else { return nil }
        return copy(row)
    }

    func draw(_ state: ConsoleState, into buffer: inout CellBuffer, row: Int, height: Int) {
        TableView.draw(
            state[keyPath: path], into: &buffer, row: row, height: height, sortable: sortable,
            empty: empty(state), cells: cells(state))
    }

    func prepare(_ snapshot: ConsoleSnapshot, like state: ConsoleState) -> (any Sendable)? {
        rowsOf.map { state[keyPath: path].prepared(rows: $0(snapshot)) }
    }

    func adopt(_ prepared: any Sendable, _ state: inout ConsoleState) {
        guard let table = prepared as? RowTable<Row> else { return }
        let follows = followsNewest && state[keyPath: path].cursor == 0 && state[keyPath: path].top == 0
        state[keyPath: path].adopt(table)
        if follows { state[keyPath: path].select(position: 0) }
    }
}
