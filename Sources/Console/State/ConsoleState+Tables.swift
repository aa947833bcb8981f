/// Table operations on whichever view is shown, so the reducer need not switch on the row type.
extension ConsoleState {
    /// The current view's selection position, visible and total rows, and first row drawn.
    public var position: (cursor: Int, count: Int, total: Int, top: Int) {
        switch tab {
        case .members: (members.cursor, members.visible.count, members.rows.count, members.top)
        case .invites: (invites.cursor, invites.visible.count, invites.rows.count, invites.top)
        case .problems: (problems.cursor, problems.visible.count, problems.rows.count, problems.top)
        case .audit: (audit.cursor, audit.visible.count, audit.rows.count, audit.top)
        case .instances: (instances.cursor, instances.visible.count, instances.rows.count, instances.top)
        case .keys: (keys.cursor, keys.visible.count, keys.rows.count, keys.top)
        case .requests: (requests.cursor, requests.visible.count, requests.rows.count, requests.top)
        case .readiness: (readinessScroll, 0, 0, 0)
        }
    }

    /// The current view's filter text.
    public var currentFilter: String {
        switch tab {
        case .members: members.filter
        case .invites: invites.filter
        case .problems: problems.filter
        case .audit: audit.filter
        case .keys: keys.filter
        case .requests: requests.filter
        case .instances, .readiness: ""
        }
    }

    mutating func moveSelection(by delta: Int) {
        switch tab {
        case .members: members.move(by: delta)
        case .invites: invites.move(by: delta)
        case .problems: problems.move(by: delta)
        case .audit: audit.move(by: delta)
        case .instances: instances.move(by: delta)
        case .keys: keys.move(by: delta)
        case .requests: requests.move(by: delta)
        case .readiness: readinessScroll = max(0, readinessScroll + delta)
        }
        keepSelectionVisible()
    }

    mutating func selectPosition(_ position: Int) {
        switch tab {
        case .members: members.select(position: position)
        case .invites: invites.select(position: position)
        case .problems: problems.select(position: position)
        case .audit: audit.select(position: position)
        case .instances: instances.select(position: position)
        case .keys: keys.select(position: position)
        case .requests: requests.select(position: position)
        case .readiness: readinessScroll = max(0, position)
        }
        keepSelectionVisible()
    }

    mutating func applyFilter(_ text: String) {
        switch tab {
        case .members: members.setFilter(text)
        case .invites: invites.setFilter(text)
        case .problems: problems.setFilter(text)
        case .audit: audit.setFilter(text)
        case .keys: keys.setFilter(text)
        case .requests: requests.setFilter(text)
        case .instances, .readiness: break
        }
        keepSelectionVisible()
    }

    /// Sorts the current view by the column `step` away from the current one; `nil` inverts the order.
    mutating func changeSort(step: Int?) {
        func next<Row>(_ table: inout RowTable<Row>) {
            guard let step else { return table.sort(by: table.sortColumn) }
            let count = table.columns.count
            table.sort(by: (table.sortColumn + step + count) % count, ascending: true)
        }
        switch tab {
        case .members: next(&members)
        case .invites: next(&invites)
        case .keys: next(&keys)
        case .requests: next(&requests)
        case .problems, .audit, .instances, .readiness: return
        }
        keepSelectionVisible()
    }

    /// Scrolls every table so its selection stays on screen at the current size.
    mutating func keepSelectionVisible() {
        let rows = tableHeight
        func scroll<Row>(_ table: inout RowTable<Row>) {
            if table.cursor < table.top { table.top = table.cursor }
            if table.cursor >= table.top + rows { table.top = table.cursor - rows + 1 }
            table.top = max(0, min(table.top, max(0, table.visible.count - rows)))
        }
        scroll(&members)
        scroll(&invites)
        scroll(&problems)
        scroll(&audit)
        scroll(&instances)
        scroll(&keys)
        scroll(&requests)
    }
}
