import Foundation
import ScimifyCore

/// Draws a whole frame of the console from its state. Pure: the same state gives the same cells.
public enum ConsoleScreen {
    /// Spinner frames for upstream work in progress.
    static let spinner = ["|", "/", "-", "\\"]

    public static func render(_ state: ConsoleState) -> CellBuffer {
        var buffer = CellBuffer(width: state.width, height: state.height)
        if state.isTooSmall {
            let message =
                "Terminal too small: need \(ConsoleState.minimumWidth)x\(ConsoleState.minimumHeight), have \(state.width)x\(state.height)"
            buffer.put(message, row: max(0, state.height / 2 - 1), column: 0, style: .error)
            buffer.put("Enlarge the window, or press q to quit.", row: max(0, state.height / 2), column: 0)
            return buffer
        }
        HeaderView.draw(state, into: &buffer)
        let tableTop = 2
        let height = state.tableHeight
        switch state.tab {
        case .members:
            TableView.draw(
                state.members, into: &buffer, row: tableTop, height: height, sortable: true,
                empty: state.loaded ? "no members in the local copy: press U to refresh users" : "loading…",
                cells: RowCells.member(state))
        case .invites:
            TableView.draw(
                state.invites, into: &buffer, row: tableTop, height: height, sortable: true,
                empty: state.loaded ? "no invites in the local copy: press U to refresh users" : "loading…",
                cells: RowCells.invite(state))
        case .problems:
            TableView.draw(
                state.problems, into: &buffer, row: tableTop, height: height, sortable: false,
                empty: "no problems: nothing needs an operator", cells: RowCells.problem)
        case .audit:
            TableView.draw(
                state.audit, into: &buffer, row: tableTop, height: height, sortable: false,
                empty: "no audit events yet", cells: RowCells.audit)
        case .instances:
            TableView.draw(
                state.instances, into: &buffer, row: tableTop, height: height, sortable: false,
                empty: "no instances: press a to add one", cells: RowCells.instance(state))
        case .keys:
            TableView.draw(
                state.keys, into: &buffer, row: tableTop, height: height, sortable: true,
                empty: RowCells.keysEmpty(state), cells: RowCells.key)
        case .requests:
            TableView.draw(
                state.requests, into: &buffer, row: tableTop, height: height, sortable: true,
                empty: RequestsTable.empty(state), cells: RequestsTable.cells)
        case .readiness:
            ReadinessView.draw(state, into: &buffer, row: tableTop, height: state.height - tableTop - 2)
        }
        if state.detailHeight > 0 {
            DetailView.draw(
                state, into: &buffer, row: state.height - 2 - state.detailHeight, height: state.detailHeight)
        }
        FooterView.draw(state, into: &buffer)
        if let modal = state.modal { DialogView.draw(modal, state: state, into: &buffer) }
        return buffer
    }
}
