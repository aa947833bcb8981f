/// Table operations and marks on whichever view is shown, through its ``ViewTable`` (a view with no table
/// scrolls instead), so nothing here knows which view that is.
extension ConsoleState {
    /// The current view's selection position, visible and total rows, and first row drawn.
    public var position: (cursor: Int, count: Int, total: Int, top: Int) {
        guard let table = tab.view.table else { return (tab.view.scrollPosition(self), 0, 0, 0) }
        return table.position(self)
    }

    /// The current view's filter text.
    public var currentFilter: String { tab.view.table?.filter(self) ?? "" }

    mutating func moveSelection(by delta: Int) {
        if let table = tab.view.table {
            table.move(&self, by: delta)
        } else {
            tab.view.scroll(&self, to: tab.view.scrollPosition(self) + delta)
        }
        keepSelectionVisible()
    }

    mutating func selectPosition(_ position: Int) {
        if let table = tab.view.table {
            table.select(&self, position: position)
        } else {
            tab.view.scroll(&self, to: position)
        }
        keepSelectionVisible()
    }

    mutating func applyFilter(_ text: String) {
        tab.view.table?.setFilter(&self, text)
        keepSelectionVisible()
    }

    /// Sorts the current view by the column `step` away from the current one; `nil` inverts the order.
    mutating func changeSort(step: Int?) {
        tab.view.table?.sort(&self, step: step)
        keepSelectionVisible()
    }

    /// Scrolls every table so its selection stays on screen at the current size.
    mutating func keepSelectionVisible() {
        let rows = tableHeight
        for view in ConsoleViews.all { view.table?.keepVisible(&self, rows: rows) }
    }

    /// Whether the current view takes marks.
    public var supportsMarks: Bool { tab.view.table?.takesMarks ?? false }

    /// Marked rows in the current view.
    public var markCount: Int { markCount(of: tab) }

    /// Marked rows in a view.
    public func markCount(of tab: ConsoleTab) -> Int { tab.view.table?.markCount(self) ?? 0 }

    mutating func toggleMarkOnSelection() { tab.view.table?.toggleMark(&self) }

    /// Marks every row the filter shows; returns how many marks were added.
    mutating func markAllVisible() -> Int { tab.view.table?.markAllVisible(&self) ?? 0 }

    mutating func clearMarksOfView() { tab.view.table?.clearMarks(&self, nil) }
}
