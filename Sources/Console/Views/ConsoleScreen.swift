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
        if let table = state.tab.view.table {
            table.draw(state, into: &buffer, row: tableTop, height: height)
        } else {
            state.tab.view.draw(state, into: &buffer, row: tableTop, height: state.height - tableTop - 2)
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
