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
}
