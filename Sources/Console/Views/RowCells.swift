import Foundation
import ScimifyCore

/// The cells of one row in each table.
enum RowCells {
    static func member(_ state: ConsoleState) -> (MemberRow) -> [TableCell] {
        { row in
            let member = row.member
            let role = member.isProtected ? "\(member.role) (protected)" : member.role.rawValue
            return [
                TableCell(member.email),
                TableCell(member.name),
                TableCell(role, member.isProtected ? CellStyle(tone: .accent, bold: true) : .plain),
                TableCell(ConsoleFormat.day(member.addedAt)),
                row.managed ? TableCell("✓ IdP", .ok) : TableCell("no", .muted),
            ]
        }
    }

    static func invite(_ state: ConsoleState) -> (Invite) -> [TableCell] {
        { invite in
            let status = ConsoleFormat.status(invite, state)
            let expiry = ConsoleFormat.expiry(invite, state)
            return [
                TableCell(invite.email),
                TableCell(invite.role.rawValue),
                TableCell(status.text, status.style),
                TableCell(ConsoleFormat.day(invite.invitedAt)),
                TableCell(expiry.text, expiry.style),
            ]
        }
    }

    static func problem(_ problem: Problem) -> [TableCell] {
        [
            TableCell(problem.kind.words, ConsoleFormat.kindStyle(problem.kind)),
            TableCell(problem.email),
            TableCell(ConsoleFormat.time(problem.since)),
            TableCell(problem.cause),
        ]
    }

    static func audit(_ event: AuditEvent) -> [TableCell] {
        [
            TableCell(ConsoleFormat.time(event.at)),
            TableCell(event.actor),
            TableCell(event.action),
            TableCell(event.targetEmail ?? "—"),
            TableCell(event.outcome.rawValue, ConsoleFormat.outcomeStyle(event.outcome)),
        ]
    }

    static func instance(_ state: ConsoleState) -> (Instance) -> [TableCell] {
        { instance in
            let current = instance.slug == state.instance?.slug
            return [
                TableCell((current ? "● " : "  ") + instance.name, current ? .bold : .plain),
                TableCell(instance.slug),
                TableCell(instance.mode.rawValue, instance.mode == .dryRun ? .accent : .plain),
                TableCell(instance.apiBaseURL),
            ]
        }
    }

    static func key(_ row: KeyRow) -> [TableCell] {
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

    /// What the Keys view says with no rows: still reading, why the keys cannot be read, or none.
    static func keysEmpty(_ state: ConsoleState) -> String {
        switch state.holdings {
        case .notLoaded, .loading: "reading the API keys from the Admin API…"
        case .unavailable: "this organization has no API key endpoints (an Enterprise organization has none)"
        case .failed(let reason): "the API keys could not be read: \(reason) (r reads again)"
        case .loaded: "no API keys in this organization"
        }
    }
}
