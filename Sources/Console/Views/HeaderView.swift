import Foundation
import ScimifyCore

/// The top two lines: instance, organization, mode, counts and last refresh; then the view tabs with the
/// position or filter of the current table.
enum HeaderView {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer) {
        let tint = tone(of: state.instance?.headerColor ?? .default)
        buffer.fill(row: 0, column: 0, width: buffer.width, height: 1, style: CellStyle(tone: tint, reverse: true))
        let ago = state.lastRefresh.map { ConsoleFormat.ago($0, now: state.now) }
        let members = state.preview?.members ?? state.members.rows.count
        let pending = state.preview?.pendingInvites ?? state.pendingInviteCount
        let held = state.heldRemovals
        // The counts always stay. When the line is short of room it gives up, in this order: the organization's
        // name, the words around the counts, the instance's display name (its slug stays), the banner's words.
        let layouts: [(right: String, name: Bool, org: Bool, banner: String)] = [
            (
                "Members \(members) · Invites \(pending) · \(ago.map { "refreshed \($0)" } ?? "never refreshed") ",
                true,
                true, " ! \(held) removal\(held == 1 ? "" : "s") held "
            ),
            (
                "Members \(members) · Invites \(pending) · \(ago.map { "refreshed \($0)" } ?? "never refreshed") ",
                true,
                false, " ! \(held) removal\(held == 1 ? "" : "s") held "
            ),
            (
                "\(members) members · \(pending) invites · \(ago ?? "never refreshed") ", true, false,
                " ! \(held) removal\(held == 1 ? "" : "s") held "
            ),
            (
                "\(members) members · \(pending) invites · \(ago ?? "never refreshed") ", false, false,
                " ! \(held) removal\(held == 1 ? "" : "s") held "
            ),
            (
                "\(members) members · \(pending) invites · \(ago ?? "never refreshed") ", false, false,
                " ! \(held) held "
            ),
        ]
        func left(_ layout: (right: String, name: Bool, org: Bool, banner: String)) -> String {
            var left = " Scimify"
            guard let instance = state.instance else { return left }
            left +=
                layout.name
                ? " │ \(CellBuffer.sanitized(instance.name)) (\(instance.slug))" : " │ \(instance.slug)"
            if layout.org, let org = state.organizationName { left += " · org \(CellBuffer.sanitized(org))" }
            return left + " · \(instance.mode.rawValue)"
        }
        func width(_ layout: (right: String, name: Bool, org: Bool, banner: String)) -> Int {
            DisplayWidth.of(left(layout)) + (state.readOnly ? 12 : 0) + (state.instance?.mode == .dryRun ? 10 : 0)
                + (held > 0 ? DisplayWidth.of(layout.banner) + 1 : 0)
                + DisplayWidth.of(layout.right) + 2
        }
        let layout = layouts.first { width($0) <= buffer.width } ?? layouts[layouts.count - 1]
        let right = layout.right
        let banner = held > 0 ? layout.banner : ""
        let left = left(layout)
        var x = buffer.put(left, row: 0, column: 0, style: CellStyle(tone: tint, bold: true, reverse: true))
        if state.readOnly {
            x +=
                buffer.put(
                    " READ-ONLY ", row: 0, column: x + 1, style: CellStyle(tone: .pending, bold: true, reverse: true))
                + 1
        }
        if state.instance?.mode == .dryRun {
            // A dry-run instance sends nothing to Claude: said as loudly as read-only.
            x +=
                buffer.put(
                    " DRY-RUN ", row: 0, column: x + 1, style: CellStyle(tone: .pending, bold: true, reverse: true))
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
        func labels(short: TabNames) -> [String] {
            ConsoleTab.allCases.map { tab in
                let badge = tab.view.badge(state).map { " (\($0))" } ?? ""
                let marks = state.markCount(of: tab)
                let title =
                    switch short {
                    case .full: " \(tab.title)"
                    case .short: " " + (tab == state.tab ? tab.title : tab.shortTitle)
                    case .numbers: tab == state.tab ? " \(tab.title)" : ""
                    }
                return " \(tab.rawValue)\(title)\(badge)\(marks > 0 ? " · \(marks) marked" : "") "
            }
        }
        let (cursor, count, total, _) = state.position
        var status = ""
        if state.tab.view.table != nil {
            status = count == 0 ? "0/\(total)" : "\(cursor + 1)/\(count)"
            if !state.currentFilter.isEmpty {
                status = "filter: \(CellBuffer.sanitized(state.currentFilter)) (\(count)/\(total))"
            }
            if let preview = state.preview { status = "loading all \(preview.members) members… " + status }
        }
        let statusWidth = DisplayWidth.of(status)
        // A narrow terminal (or one with marks and a filter to show) gives the other views short names, then
        // only their number; every tab keeps its badge and marks, and the filter indicator stays.
        let tabLabels =
            [TabNames.full, .short, .numbers].lazy.map(labels).first {
                $0.reduce(1, { $0 + DisplayWidth.of($1) + 1 }) + statusWidth + 2 <= buffer.width
            } ?? labels(short: .numbers)
        for (tab, label) in zip(ConsoleTab.allCases, tabLabels) {
            let style: CellStyle = tab == state.tab ? CellStyle(bold: true, reverse: true) : .plain
            tabX += buffer.put(label, row: 1, column: tabX, style: style) + 1
        }
        if tabX + statusWidth + 1 < buffer.width {
            buffer.put(status, row: 1, column: buffer.width - statusWidth - 1, style: .accent)
        }
    }

    /// How the tab bar names the views that are not shown.
    enum TabNames { case full, short, numbers }

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
