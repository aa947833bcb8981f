import Foundation
import ScimifyCore

/// The top two lines: instance, organization, mode, counts and last refresh; then the view tabs with the
/// position or filter of the current table.
enum HeaderView {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let tint = tone(of: state.instance?.headerColor ?? .default)
        buffer.fill(row: 0, column: 0, width: buffer.width, height: 1, style: CellStyle(tone: tint, reverse: true))
        let refreshed =
            state.lastRefresh.map { "refreshed \(ConsoleFormat.ago($0, now: state.now))" } ?? "never refreshed"
        let members = state.preview?.members ?? state.members.rows.count
        let pending = state.preview?.pendingInvites ?? state.pendingInviteCount
        let right = "Members \(members) · Invites \(pending) · \(refreshed) "
        // Red and in words: the guard stopped removals that only an operator can let through. It goes before the
        // organization's name when the line is short of room.
        let held = state.heldRemovals
        let banner = held > 0 ? " ! \(held) removal\(held == 1 ? "" : "s") held " : ""
        var left = " Scimify"
        if let instance = state.instance {
            left += " │ \(CellBuffer.sanitized(instance.name)) (\(instance.slug))"
            let org = state.organizationName.map { " · org \(CellBuffer.sanitized($0))" } ?? ""
            let fixed =
                DisplayWidth.of(left) + DisplayWidth.of(" · \(instance.mode.rawValue)") + DisplayWidth.of(banner)
                + DisplayWidth.of(right) + (state.readOnly ? 12 : 0) + 3
            if banner.isEmpty || fixed + DisplayWidth.of(org) <= buffer.width { left += org }
            left += " · \(instance.mode.rawValue)"
        }
        var x = buffer.put(left, row: 0, column: 0, style: CellStyle(tone: tint, bold: true, reverse: true))
        if state.readOnly {
            x +=
                buffer.put(
                    " READ-ONLY ", row: 0, column: x + 1, style: CellStyle(tone: .pending, bold: true, reverse: true))
                + 1
        }
        if !banner.isEmpty {
            x +=
                buffer.put(banner, row: 0, column: x + 1, style: CellStyle(tone: .error, bold: true, reverse: true)) + 1
        }
        let width = DisplayWidth.of(right)
        if x + 2 + width <= buffer.width {
            buffer.put(right, row: 0, column: buffer.width - width, style: CellStyle(tone: tint, reverse: true))
        }

        var tabX = 1
        func labels(short: Bool) -> [String] {
            ConsoleTab.allCases.map { tab in
                let badge = tab == .problems && !state.problems.rows.isEmpty ? " (\(state.problems.rows.count))" : ""
                let marks = state.markCount(of: tab)
                let title = short && tab != state.tab ? "" : " \(tab.title)"
                return " \(tab.rawValue)\(title)\(badge)\(marks > 0 ? " · \(marks) marked" : "") "
            }
        }
        // A narrow terminal names only the current view; the others keep their number, badge and marks.
        var tabLabels = labels(short: false)
        if tabLabels.reduce(1, { $0 + DisplayWidth.of($1) + 1 }) > buffer.width - 8 { tabLabels = labels(short: true) }
        for (tab, label) in zip(ConsoleTab.allCases, tabLabels) {
            let style: CellStyle = tab == state.tab ? CellStyle(bold: true, reverse: true) : .plain
            tabX += buffer.put(label, row: 1, column: tabX, style: style) + 1
        }
        let (cursor, count, total, _) = state.position
        var status = ""
        if state.tab != .readiness {
            status = count == 0 ? "0/\(total)" : "\(cursor + 1)/\(count)"
            if !state.currentFilter.isEmpty {
                status = "filter: \(CellBuffer.sanitized(state.currentFilter)) (\(count)/\(total))"
            }
            if let preview = state.preview { status = "loading all \(preview.members) members… " + status }
        }
        let statusWidth = DisplayWidth.of(status)
        if tabX + statusWidth + 1 < buffer.width {
            buffer.put(status, row: 1, column: buffer.width - statusWidth - 1, style: .accent)
        }
    }

    /// The header's tint: the instance's colour (`instances set-color`), cyan by default.
    static func tone(of color: Instance.HeaderColor) -> CellStyle.Tone {
        switch color {
        case .red: .error
        case .yellow: .pending
        case .green: .ok
        case .blue: .blue
        case .default: .accent
        }
    }
}
