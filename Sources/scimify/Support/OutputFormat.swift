import Foundation
import ScimifyCore

/// JSON-lines and human renderings of members, invites and outcomes, shared by the commands.
enum OutputFormat {
    static func day(_ date: Date) -> String {
        String(RFC3339Text.format(date).prefix(10))
    }

    static func timestamp(_ date: Date) -> String {
        RFC3339Text.format(date)
    }

    /// One JSON object on one line, keys sorted so output is stable.
    static func jsonLine(_ object: [String: Any?]) -> String {
        JSONLineWriter.line(object)
    }

    /// What a changing command says when it is done: `text` for people, or with `--json` one object of
    /// `fields` (a script reads the result the way it reads a listing).
    static func result(_ text: String, json: Bool, _ fields: [String: Any?]) {
        print(json ? jsonLine(fields) : text)
    }

    /// Writes lines to stdout in large chunks (one `print` per line costs more than the line itself).
    static func printLines<S: Sequence>(_ lines: S) where S.Element == String {
        var chunk = ""
        chunk.reserveCapacity(1 << 16)
        for line in lines {
            chunk += line
            chunk += "\n"
            if chunk.utf8.count >= 1 << 16 {
                FileHandle.standardOutput.write(Data(chunk.utf8))
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty { FileHandle.standardOutput.write(Data(chunk.utf8)) }
    }

    static func json(_ member: Member) -> String {
        jsonLine([
            "type": "member", "id": member.id, "email": member.email, "name": member.name,
            "role": member.role.rawValue, "added_at": timestamp(member.addedAt), "protected": member.isProtected,
        ])
    }

    static func json(_ invite: Invite, now: Date) -> String {
        jsonLine([
            "type": "invite", "id": invite.id, "email": invite.email, "role": invite.role.rawValue,
            "status": invite.status.rawValue, "invited_at": timestamp(invite.invitedAt),
            "expires_at": timestamp(invite.expiresAt), "accepted_at": invite.acceptedAt.map(timestamp),
            "days_to_expiry": invite.status == .pending ? invite.daysToExpiry(now: now) : nil,
        ])
    }

    static func json(_ outcome: ProvisioningOutcome, email: String) -> String {
        var object: [String: Any?] = [
            "email": email, "outcome": outcome.change.name, "summary": outcome.summary(email: email),
            "request_ids": outcome.requestIDs,
        ]
        if let member = outcome.member {
            object["member_id"] = member.id
            object["role"] = member.role.rawValue
        }
        if let invite = outcome.invite {
            object["invite_id"] = invite.id
            object["role"] = object["role"] ?? invite.role.rawValue
        }
        if case .roleUpdated(let from, let to) = outcome.change {
            object["from_role"] = from.rawValue
            object["role"] = to.rawValue
        }
        if case .reinvited(let from, let to) = outcome.change {
            object["from_role"] = from.rawValue
            object["role"] = to.rawValue
        }
        return jsonLine(object)
    }

    /// The human line for an outcome, with its request-ids.
    static func human(_ outcome: ProvisioningOutcome, email: String) -> String {
        let ids = outcome.requestIDs.isEmpty ? "" : " (request-id: \(outcome.requestIDs.joined(separator: ", ")))"
        return outcome.summary(email: email) + ids
    }
}
