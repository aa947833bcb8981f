import ScimifyCore

/// One view of the console, declared by one type in its own folder under `Views/` and named once in
/// ``ConsoleViews/all``: its names in the tab bar, its table over the shared engine (or its own drawing),
/// its detail, the keys only it has, and the bulk jobs its marks make. Global keys (movement, `:`, `/`, `?`,
/// quit, tabs) and the shared table keys (marks, sort, copy, detail) come from the registry, not from here.
protocol ConsoleView {
    static var tab: ConsoleTab { get }
    static var title: String { get }
    /// The tab bar's name on a narrow terminal.
    static var shortTitle: String { get }
    /// The tab bar's count beside the title (Problems: how many), or `nil`.
    static func badge(_ state: ConsoleState) -> String?
    /// The help line of the digit key that opens it.
    static var summary: String { get }
    /// Its table over the shared engine; `nil` for a view that draws itself.
    static var table: (any ViewTable)? { get }
    /// The keys only this view has, in the order the footer and help list them. An action several views
    /// bind (`e`, `u`, `o`) is one keymap row with one config name: the first view's words describe it.
    static var bindings: [KeyBinding] { get }
    /// The detail pane's title and lines for the selection (`capacity`: lines a summary may take).
    static func detail(_ state: ConsoleState, capacity: Int) -> (String, [TableCell])
    /// Draws a view that has no table.
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer, row: Int, height: Int)
    /// The bulk job the key `action` makes of the view's marks; `nil` when the action has none here.
    static func bulkJob(for action: ConsoleAction, _ state: ConsoleState) -> BulkJob?
    /// The view's own handling of an action of its bindings; `nil` leaves it to the shared reducer.
    static func reduce(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect]?
    /// Whether the view shows the organization's workspaces and keys (a reload reads them again).
    static var readsHoldings: Bool { get }
    /// Whether the detail pane takes up to half the screen rather than 7 rows.
    static func wantsTallDetail(_ state: ConsoleState) -> Bool
    /// What opening the view starts (reading what it shows the first time).
    static func opened(_ state: inout ConsoleState) -> [ConsoleEffect]
    /// Moves a view that has no table (its scroll).
    static func scroll(_ state: inout ConsoleState, to position: Int)
    /// The position of a view that has no table.
    static func scrollPosition(_ state: ConsoleState) -> Int
}

extension ConsoleView {
    static var bindings: [KeyBinding] { [] }
    static var readsHoldings: Bool { false }
    static func badge(_ state: ConsoleState) -> String? { nil }
    static func wantsTallDetail(_ state: ConsoleState) -> Bool { false }
    static func opened(_ state: inout ConsoleState) -> [ConsoleEffect] { [] }
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer, row: Int, height: Int) {}
    static func bulkJob(for action: ConsoleAction, _ state: ConsoleState) -> BulkJob? { nil }
    static func reduce(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect]? { nil }
    static func scroll(_ state: inout ConsoleState, to position: Int) {}
    static func scrollPosition(_ state: ConsoleState) -> Int { 0 }

    /// A binding of this view only.
    static func binding(_ keys: [Key], _ action: ConsoleAction, hint: String? = nil, help: String) -> KeyBinding {
        KeyBinding(keys: keys, action: action, tabs: [tab], hint: hint, help: help)
    }
}
