import Foundation
import ScimifyCore

/// The member detail's lines about what the person holds beyond their membership: workspaces with the
/// workspace role, then the API keys they created (name, hint, workspace, status, created, expires), the ones
/// that keep working after a removal marked. Fits `capacity` lines, saying how many keys it leaves out.
enum MemberHoldingsLines {
    static func lines(_ member: Member, _ load: HoldingsLoad, capacity: Int) -> [TableCell] {
        guard capacity > 0 else { return [] }
        switch load {
        case .notLoaded, .unavailable: return []
        case .loading:
            return [TableCell("workspaces and API keys: reading them from the Admin API…", .muted)]
        case .failed(let reason):
            return [TableCell("workspaces and API keys could not be read: \(reason) (r reads again)", .error)]
        case .loaded(let organization):
            return loaded(organization.person(member), organization, capacity: capacity)
        }
    }

    private static func loaded(_ person: PersonHoldings, _ organization: OrganizationHoldings, capacity: Int)
        -> [TableCell]
    {
        let places = person.workspaces.map { place in
            "\(place.workspace.name) (\(place.workspace.archivedAt == nil ? "" : "archived, ")\(place.role))"
        }
        var lines = [
            TableCell("workspaces: " + (places.isEmpty ? "none" : places.joined(separator: " · ")))
        ]
        guard !person.keys.isEmpty else {
            lines.append(TableCell("API keys created: none", .muted))
            return Array(lines.prefix(capacity))
        }
        let surviving = Set(person.survivingActiveKeys.map(\.id))
        var summary = "API keys created: \(person.keys.count) · \(person.activeKeys.count) active"
        if !surviving.isEmpty {
            summary += " · \(surviving.count) keep\(surviving.count == 1 ? "s" : "") working after a removal (⚠)"
        }
        lines.append(TableCell(summary, surviving.isEmpty ? .plain : .pending))
        let room = capacity - lines.count
        guard room > 0 else { return Array(lines.prefix(capacity)) }
        let shown = person.keys.count <= room ? person.keys : Array(person.keys.prefix(room - 1))
        for key in shown {
            let style: CellStyle = surviving.contains(key.id) ? .pending : key.status == .active ? .plain : .muted
            lines.append(TableCell(row(key, organization, survives: surviving.contains(key.id)), style))
        }
        if shown.count < person.keys.count {
            lines.append(
                TableCell(
                    "… \(person.keys.count - shown.count) more: scimify members show \(person.member.email)", .muted))
        }
        return lines
    }

    /// One key: `⚠ ci-deploy  active  Production  sk-ant-api03-Xy1...9QaA  created 2026-04-01  expires never`
    /// (the most telling cells first: a narrow terminal cuts the dates, `scimify members show` has them all).
    static func row(_ key: APIKey, _ organization: OrganizationHoldings, survives: Bool) -> String {
        func cell(_ text: String, _ width: Int) -> String {
            DisplayWidth.pad(DisplayWidth.truncate(CellBuffer.sanitized(text), to: width), to: width)
        }
        let cells = [
            (survives ? "⚠ " : "  ") + cell(key.name, 20), cell(key.status.rawValue, 8),
            cell(organization.workspaceName(of: key), 12), cell(key.hint ?? "no hint", 24),
            "created \(ConsoleFormat.day(key.createdAt))",
            "expires \(key.expiresAt.map(ConsoleFormat.day) ?? "never")",
        ]
        return cells.joined(separator: " ")
    }
}
