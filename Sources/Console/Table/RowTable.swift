/// A sortable column of a table: its title, width rule and sort key.
public struct TableColumn<Row: Sendable>: Sendable {
    public let title: String
    /// Fixed width in columns, or `nil` to share the remaining width with the other flexible columns.
    public let width: Int?
    public let key: @Sendable (Row) -> SortKey

    public init(_ title: String, width: Int?, key: @escaping @Sendable (Row) -> SortKey) {
        self.title = title
        self.width = width
        self.key = key
    }
}

/// A table's sort and filter, to tell whether a table prepared off the UI thread still fits.
public struct TableSettings: Sendable, Equatable {
    public var sortColumn: Int
    public var ascending: Bool
    public var filter: String
}

/// The rows of one view with their sort, filter and selection. The selection follows the record (by
/// row), not the position, through filtering, sorting and reloads.
public struct RowTable<Row: Sendable>: Sendable {
    public private(set) var rows: [Row]
    public let columns: [TableColumn<Row>]
    public private(set) var sortColumn: Int
    public private(set) var sortAscending: Bool
    public private(set) var filter = ""
    /// Row indexes shown, in order.
    public private(set) var visible: [Int32] = []
    /// Position of the selection in `visible`.
    public private(set) var cursor = 0
    /// First visible position drawn (scroll offset), kept by the view.
    public var top = 0
    /// Marks (Space, `*`) as one bit per row index, so marking 100,000 rows is a pass over bits; kept by
    /// id through reloads (a mark whose row is gone from a reload is dropped). Bulk keys act on them.
    private var markBits: [UInt64] = []
    /// How many rows are marked.
    public private(set) var markCount = 0

    /// Filters typed since the last rebuild and their results: backspace returns to one without a search,
    /// and typing on checks only the previous matches.
    private var filterHistory: [(needle: String, rows: [Int32])] = []
    private let identity: @Sendable (Row) -> String
    private let searchText: @Sendable (Row) -> String
    private var index: SearchIndex

    public init(
        rows: [Row], columns: [TableColumn<Row>], sortColumn: Int, ascending: Bool,
        identity: @escaping @Sendable (Row) -> String, searchText: @escaping @Sendable (Row) -> String
    ) {
        self.rows = rows
        self.columns = columns
        self.sortColumn = sortColumn
        self.sortAscending = ascending
        self.identity = identity
        self.searchText = searchText
        index = SearchIndex(order: [], text: { _ in "" })
        rebuild(keeping: nil)
    }

    /// The selected row, if any is visible.
    public var selected: Row? { visible.isEmpty ? nil : rows[Int(visible[cursor])] }

    /// The selected row's identity.
    public var selectedID: String? { selected.map(identity) }

    /// The row shown at a visible position.
    public func row(at position: Int) -> Row { rows[Int(visible[position])] }

    /// Replaces the rows (a reload), keeping the selection on the same record when it still exists.
    public mutating func replaceRows(_ newRows: [Row]) {
        let keep = selectedID
        let marks = markedIDs
        rows = newRows
        rebuild(keeping: keep)
        restoreMarks(marks)
    }

    /// The current sort and filter.
    public var settings: TableSettings {
        TableSettings(sortColumn: sortColumn, ascending: sortAscending, filter: filter)
    }

    /// This table with other rows, sorted and filtered as now: the expensive part of a reload, pure, so
    /// the runner does it off the UI thread.
    public func prepared(rows newRows: [Row]) -> RowTable {
        var table = self
        table.rows = newRows
        table.filterHistory = []
        table.cursor = 0
        table.markBits = []
        table.markCount = 0
        table.rebuild(keeping: nil)
        return table
    }

    /// Takes a table from ``prepared(rows:)``, keeping the selection (by record) and the scroll. If the sort
    /// or filter changed since it was prepared, its rows are re-sorted here instead.
    public mutating func adopt(_ table: RowTable) {
        guard table.settings == settings else { return replaceRows(table.rows) }
        let keep = selectedID
        let scroll = top
        let marks = markedIDs
        self = table
        top = scroll
        restoreMarks(marks)
        if let keep { select(id: keep) }
    }

    /// Applies a filter; the selection stays on its record if it still matches.
    public mutating func setFilter(_ text: String) {
        let keep = selected.map { _ in visible[cursor] }
        filter = text
        if let earlier = filterHistory.last(where: { $0.needle == text }) {
            visible = earlier.rows
        } else {
            let lowered = text.lowercased()
            let narrower = filterHistory.last { !$0.needle.isEmpty && lowered.contains($0.needle.lowercased()) }
            visible = index.matching(text, within: narrower?.rows)
            filterHistory.append((text, visible))
            if filterHistory.count > 32 { filterHistory.removeFirst() }
        }
        restore(row: keep)
    }

    /// Sorts by `column` (the same column again inverts the order).
    public mutating func sort(by column: Int, ascending: Bool? = nil) {
        let keep = selectedID
        if column == sortColumn, ascending == nil {
            sortAscending.toggle()
        } else {
            sortColumn = max(0, min(columns.count - 1, column))
            sortAscending = ascending ?? true
        }
        rebuild(keeping: keep)
    }

    /// Moves the selection by `delta` rows, clamped.
    public mutating func move(by delta: Int) {
        guard !visible.isEmpty else { return }
        cursor = max(0, min(visible.count - 1, cursor + delta))
    }

    /// Moves the selection to a visible position, clamped.
    public mutating func select(position: Int) {
        guard !visible.isEmpty else { return }
        cursor = max(0, min(visible.count - 1, position))
    }

    /// Selects the record with `id` if it is visible.
    public mutating func select(id: String) {
        if let position = visible.firstIndex(where: { identity(rows[Int($0)]) == id }) { cursor = position }
    }

    /// Whether the row at a visible position is marked.
    public func isMarked(position: Int) -> Bool { markCount > 0 && isMarked(row: visible[position]) }

    /// The ids of the marked rows.
    public var marked: Set<String> { markedIDs }

    /// The marked rows in the order shown (marks hidden by the filter follow, in sort order).
    public var markedRows: [Row] {
        guard markCount > 0 else { return [] }
        var result: [Row] = []
        result.reserveCapacity(markCount)
        for row in index.order where isMarked(row: row) { result.append(rows[Int(row)]) }
        return result
    }

    /// Marks the selected row, or unmarks it.
    public mutating func toggleMark() {
        guard !visible.isEmpty else { return }
        setMark(!isMarked(row: visible[cursor]), row: visible[cursor])
    }

    /// Marks every row the filter shows; returns how many marks were added.
    @discardableResult
    public mutating func markAllVisible() -> Int {
        let before = markCount
        for row in visible { setMark(true, row: row) }
        return markCount - before
    }

    /// Unmarks the rows with these ids (done items of a bulk action), or every row.
    public mutating func clearMarks(_ ids: Set<String>? = nil) {
        guard let ids else {
            markBits = []
            markCount = 0
            return
        }
        guard markCount > 0 else { return }
        for row in 0..<Int32(rows.count) where isMarked(row: row) && ids.contains(identity(rows[Int(row)])) {
            setMark(false, row: row)
        }
    }

    private func isMarked(row: Int32) -> Bool {
        let word = Int(row) >> 6
        return word < markBits.count && markBits[word] & (1 << UInt64(row & 63)) != 0
    }

    private mutating func setMark(_ on: Bool, row: Int32) {
        let word = Int(row) >> 6
        let bit: UInt64 = 1 << UInt64(row & 63)
        if markBits.count <= word { markBits += [UInt64](repeating: 0, count: (rows.count + 63) / 64 - markBits.count) }
        let was = markBits[word] & bit != 0
        guard was != on else { return }
        if on { markBits[word] |= bit } else { markBits[word] &= ~bit }
        markCount += on ? 1 : -1
    }

    private var markedIDs: Set<String> {
        guard markCount > 0 else { return [] }
        var ids = Set<String>(minimumCapacity: markCount)
        for row in 0..<Int32(rows.count) where isMarked(row: row) { ids.insert(identity(rows[Int(row)])) }
        return ids
    }

    /// Marks the rows (of new rows) whose ids were marked.
    private mutating func restoreMarks(_ ids: Set<String>) {
        markBits = []
        markCount = 0
        guard !ids.isEmpty else { return }
        for row in 0..<Int32(rows.count) where ids.contains(identity(rows[Int(row)])) { setMark(true, row: row) }
    }

    private mutating func rebuild(keeping id: String?) {
        let column = columns.isEmpty ? nil : columns[sortColumn]
        var order = (0..<Int32(rows.count)).map { $0 }
        if let column {
            let keys = rows.map(column.key)
            let ascending = sortAscending
            order.sort { a, b in
                let (x, y) = (keys[Int(a)], keys[Int(b)])
                if x < y { return ascending }
                if y < x { return !ascending }
                return a < b
            }
        }
        let rows = rows
        let searchText = searchText
        index = SearchIndex(order: order) { searchText(rows[Int($0)]) }
        filterHistory = []
        visible = index.matching(filter)
        restore(row: nil)
        if let id { select(id: id) }
    }

    private mutating func restore(row: Int32?) {
        if let row, let position = visible.firstIndex(of: row) {
            cursor = position
        } else {
            cursor = max(0, min(cursor, visible.count - 1))
        }
    }
}
