import Foundation
import ScimifyCore

/// The Keys view: the organization's API keys with who made them and the orphans (their maker left);
/// `X` sets a key inactive and `R` active again, one row or every marked row.
enum KeysView: ConsoleView {
    static let tab = ConsoleTab.keys
    static let title = "Keys"
    static let shortTitle = "Keys"
    static let summary = "API keys, with who made them (orphans: their maker left)"
    static let readsHoldings = true

    static let columns: [TableColumn<KeyRow>] = [
        .init("NAME", width: nil) { .text($0.key.name) },
        .init("CREATED BY", width: nil) { .text($0.creator) },
        .init("WORKSPACE", width: 14) { .text($0.workspace) },
        .init("STATUS", width: 9) { .text($0.key.status.rawValue) },
        .init("CREATED", width: 10) { .number($0.key.createdAt.timeIntervalSince1970) },
        .init("ORPHAN", width: 8) { .number($0.isActiveOrphan ? 2 : $0.orphaned ? 1 : 0) },
    ]

    static let searchText: @Sendable (KeyRow) -> String = {
        "\($0.key.name) \($0.creator) \($0.workspace) \($0.key.status.rawValue) \($0.key.id) "
            + ($0.orphaned ? "orphaned" : "")
    }

    static var table: (any ViewTable)? {
        TableSlot(
            path: \.keys, takesMarks: true, sortable: true, empty: empty, cells: { _ in cells }, copy: { $0.key.id })
    }

    static let bindings: [KeyBinding] = [
        binding(
            [.character("X")], .deactivateKey, hint: "deactivate",
            help: "set the API key inactive: it stops working, reversibly (confirmed)"),
        binding(
            [.character("R")], .activateKey, hint: "reactivate",
            help: "set an inactive API key active again (confirmed)"),
    ]

    static func cells(_ row: KeyRow) -> [TableCell] {
        let status: CellStyle =
            row.key.status == .active
            ? (row.isActiveOrphan ? .pending : .ok) : row.key.status == .inactive ? .plain : .muted
        return [
            TableCell(row.key.name),
            TableCell(row.creator, row.orphaned ? .pending : row.creator == "—" ? .muted : .plain),
            TableCell(row.workspace),
            TableCell(row.key.status.rawValue, status),
            TableCell(ConsoleFormat.day(row.key.createdAt)),
            row.isActiveOrphan
                ? TableCell("⚠ yes", CellStyle(tone: .pending, bold: true))
                : TableCell(row.orphaned ? "yes" : "no", .muted),
        ]
    }

    /// What the view says with no rows: still reading, why the keys cannot be read, or none.
    static func empty(_ state: ConsoleState) -> String {
        switch state.holdings {
        case .notLoaded, .loading: "reading the API keys from the Admin API…"
        case .unavailable: "this organization has no API key endpoints (an Enterprise organization has none)"
        case .failed(let reason): "the API keys could not be read: \(reason) (r reads again)"
        case .loaded: "no API keys in this organization"
        }
    }

    /// Opening the view lists the keys from the listing and the members (once per change of either), and
    /// reads the listing the first time.
    static func opened(_ state: inout ConsoleState) -> [ConsoleEffect] {
        state.rebuildKeyRows()
        return state.holdings == .notLoaded ? ConsoleReducer.readHoldings(&state) : []
    }

    static func bulkJob(for action: ConsoleAction, _ state: ConsoleState) -> BulkJob? {
        switch action {
        case .deactivateKey: BulkPlanner.setKeyStatus(state.keys.markedRows, to: .inactive)
        case .activateKey: BulkPlanner.setKeyStatus(state.keys.markedRows, to: .active)
        default: nil
        }
    }

    static func reduce(_ action: ConsoleAction, _ state: inout ConsoleState) -> [ConsoleEffect]? {
        switch action {
        case .deactivateKey: setStatus(.inactive, &state)
        case .activateKey: setStatus(.active, &state)
        default: return nil
        }
        return []
    }

    /// A key: its names, status and dates, who made it and what its kind means for their removal (spec §15).
    static func detail(_ state: ConsoleState, capacity: Int) -> (String, [TableCell]) {
        guard let row = state.keys.selected else { return ("Detail", []) }
        let key = row.key
        let kind: String =
            switch key.principal {
            case .user(let id):
                "personal key of \(id): it stops when that user leaves the organization"
            case .serviceAccount(let id): "service account \(id)'s key: no person's removal stops it"
            case .none: "legacy workspace key: it keeps working after its maker leaves"
            case .other(let type): "principal \(type), unknown to this version: counted as outliving its maker"
            }
        var lines = [
            TableCell("\(key.name) · \(key.hint ?? "no hint") · id \(key.id)", .bold),
            TableCell(
                "status \(key.status.rawValue) · workspace \(row.workspace)"
                    + (key.workspaceID.map { " (\($0))" } ?? "") + " · created "
                    + "\(ConsoleFormat.day(key.createdAt)) · expires \(key.expiresAt.map(ConsoleFormat.day) ?? "never")"
            ),
            TableCell("made by \(row.maker) · \(kind)"),
        ]
        if row.isActiveOrphan {
            lines.append(
                TableCell(
                    "⚠ active, and its maker is no longer a member: X sets it inactive", CellStyle(tone: .pending)))
        } else {
            lines.append(TableCell("X deactivate · R reactivate" + (state.readOnly ? " (read-only)" : ""), .muted))
        }
        return ("API key", lines)
    }

    /// `X` / `R`: stop the selected key, or start an inactive one again, after a confirmation naming it.
    private static func setStatus(_ status: APIKey.Status, _ state: inout ConsoleState) {
        guard let row = state.keys.selected else { return }
        let key = row.key
        guard key.status == .active || key.status == .inactive else {
            ConsoleReducer.refuse(
                "\(key.name) is \(key.status.rawValue): an expired or archived key cannot change", &state)
            return
        }
        guard key.status != status else {
            ConsoleReducer.info("\(key.name) is already \(status.rawValue)", &state)
            return
        }
        let stop = status == .inactive
        state.modal = .confirm(
            Confirmation(
                title: "\(stop ? "Deactivate" : "Reactivate") the API key \(key.name) (\(key.hint ?? key.id))?",
                consequence: "\(row.workspace) workspace, made by \(row.maker). "
                    + (stop
                        ? "Requests with it fail at once; R sets it active again. Scimify never archives a key."
                        : "Requests with it work again at once."),
                confirmLabel: stop ? "Deactivate" : "Reactivate",
                effect: .setKeyStatus(key, to: status, creator: row.maker), destructive: stop))
    }
}
