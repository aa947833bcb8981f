import Foundation
import ScimifyCore

/// The boxed pane under the table with the full record of the selection: every line wraps to the pane, and
/// `J`/`K` scroll it when it holds more than fits (the frame says so).
enum DetailView {
    static func draw(_ state: ConsoleState, into buffer: inout CellBuffer, row: Int, height: Int) {
        let (title, _) = content(state, capacity: height - 2)
        let rows = rows(state)
        let page = height - 2
        let first = ScrollKey.moved(state.detailScroll, by: 0, count: rows.count, page: page)
        buffer.box(
            row: row, column: 0, width: buffer.width, height: height, style: .muted, title: title, titleStyle: .bold)
        for (index, line) in rows.dropFirst(first).prefix(page).enumerated() {
            buffer.put(line.text, row: row + 1 + index, column: 2, style: line.style, limit: buffer.width - 4)
        }
        // Where the text goes on: the keys that scroll it, on the frame.
        let more = [first > 0 ? "K ↑" : nil, first + page < rows.count ? "J ↓ more" : nil].compactMap { $0 }
        if !more.isEmpty {
            let label = " " + more.joined(separator: " · ") + " "
            buffer.put(
                label, row: row + height - 1, column: buffer.width - 2 - DisplayWidth.of(label),
                style: CellStyle(tone: .accent))
        }
    }

    /// The detail's lines wrapped to the pane's width, continuation lines indented. Nothing is summarised to
    /// fit: a person's every key is listed, and the pane scrolls.
    static func rows(_ state: ConsoleState) -> [TableCell] {
        TextWrap.cells(content(state, capacity: Self.everything).1, width: state.width - 4)
    }

    /// A capacity no detail reaches.
    static let everything = 10_000

    /// Lines the pane shows at once.
    static func page(_ state: ConsoleState) -> Int { max(1, state.detailHeight - 2) }

    static func content(_ state: ConsoleState, capacity: Int = 5) -> (String, [TableCell]) {
        switch state.tab {
        case .members:
            guard let row = state.members.selected else { return ("Detail", []) }
            let m = row.member
            var lines = [
                TableCell("\(m.name) <\(m.email)>", .bold),
                TableCell("role \(m.role) · member since \(ConsoleFormat.time(m.addedAt)) UTC · id \(m.id)"),
                TableCell(
                    row.managed
                        ? "pushed by the IdP: a SCIM request created or updated this person; the IdP controls them"
                        : "imported by refresh (or changed here), not yet claimed by the IdP",
                    row.managed ? .ok : .muted),
            ]
            if m.isProtected {
                lines.append(
                    TableCell(
                        "protected: \(m.role) members are never changed or removed by Scimify", CellStyle(tone: .accent)
                    ))
            }
            let holdings = MemberHoldingsLines.lines(m, state.holdings, capacity: capacity - lines.count)
            // The key hint gives its line to the holdings when there are some (the footer has the keys too).
            if !m.isProtected, holdings.isEmpty {
                lines.append(TableCell("e change role · D remove" + (state.readOnly ? " (read-only)" : ""), .muted))
            }
            return ("Member", lines + holdings)
        case .invites:
            guard let invite = state.invites.selected else { return ("Detail", []) }
            let expiry = ConsoleFormat.expiry(invite, state)
            return (
                "Invite",
                [
                    TableCell(invite.email, .bold),
                    TableCell(
                        "role \(invite.role) · status \(ConsoleFormat.status(invite, state).text) · id \(invite.id)"),
                    TableCell(
                        "invited \(ConsoleFormat.time(invite.invitedAt)) UTC · expires \(ConsoleFormat.time(invite.expiresAt)) UTC"
                    ),
                    TableCell(expiry.text, expiry.style),
                ]
            )
        case .problems:
            guard let problem = state.problems.selected else { return ("Detail", []) }
            let ids = problem.requestIDs.isEmpty ? "none" : problem.requestIDs.joined(separator: ", ")
            var lines = [
                TableCell(
                    "\(problem.kind.words) · \(problem.email) · since \(ConsoleFormat.time(problem.since)) UTC",
                    ConsoleFormat.kindStyle(problem.kind)),
                TableCell("cause: \(problem.cause)"),
                TableCell("remedy: \(problem.remedy)"),
                TableCell(
                    "request-ids: \(ids)" + (problem.idpRequestID.map { " · IdP request \($0)" } ?? "")
                        + " · id \(problem.id)", .muted),
            ]
            if let link = ProblemRequestLink.line(problem, state) { lines.append(link) }
            return ("Problem", lines)
        case .audit:
            guard let event = state.audit.selected else { return ("Detail", []) }
            var lines = [
                TableCell(
                    "\(ConsoleFormat.time(event.at)) UTC · \(event.actor) · \(event.action) · \(event.outcome.rawValue)",
                    ConsoleFormat.outcomeStyle(event.outcome)),
                TableCell("target \(event.targetEmail ?? "—") · instance \(event.instanceSlug ?? "—")"),
                TableCell(
                    "request-ids: " + (event.requestIDs.isEmpty ? "none" : event.requestIDs.joined(separator: ", "))
                        + (event.idpRequestID.map { " · IdP request \($0)" } ?? "")
                        + (event.batchID.map { " · batch \($0)" } ?? "")),
            ]
            if !event.detail.isEmpty {
                lines.append(TableCell(event.detail, event.outcome == .failed ? .error : .plain))
            }
            return ("Audit event", lines)
        case .instances:
            guard let instance = state.instances.selected else { return ("Detail", []) }
            return (
                "Instance",
                [
                    TableCell("\(instance.name) (\(instance.slug)) · mode \(instance.mode.rawValue)", .bold),
                    TableCell("Admin API: \(instance.apiBaseURL) · key stored encrypted, never shown"),
                    TableCell("SCIM base path: \(instance.scimBasePath) (under the URL scimify serve listens on)"),
                    TableCell(
                        "created \(ConsoleFormat.time(instance.createdAt)) UTC · t test · T rotate token · a add",
                        .muted),
                ]
            )
        case .keys:
            guard let row = state.keys.selected else { return ("Detail", []) }
            return ("API key", keyLines(row, state))
        case .requests:
            guard let row = state.requests.selected else { return ("Detail", []) }
            return ("SCIM request \(row.id)", RequestsTable.detail(row, state))
        case .readiness:
            return ("Detail", [])
        }
    }

    /// A key: its names, status and dates, who made it and what its kind means for their removal (spec §15).
    private static func keyLines(_ row: KeyRow, _ state: ConsoleState) -> [TableCell] {
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
        return lines
    }
}
