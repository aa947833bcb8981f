import ArgumentParser
import Foundation
import ScimifyCore

extension Scimify {
    /// `scimify invite EMAIL [--role ROLE]`.
    struct InviteCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "invite",
            abstract: "Invite someone to the organization (member, then invite, then create: safe to repeat).",
            discussion: "Roles: \(ClaudeRole.provisionableList). Without --role a new invite gets 'user' and an "
                + "existing member or invite keeps its role."
        )

        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Email address.") var email: String
        @Option(help: "Role: \(ClaudeRole.provisionableList).", completion: ShellCompletions.roles) var role: String?
        @Flag(help: "Print the outcome as one JSON object.") var json = false

        func run() async throws {
            let role = role.map(parseRole)
            let outcome = try await reportingFailures {
                try await ChangeTarget.make(connection).provision(email: email, role: role)
            }
            print(json ? OutputFormat.json(outcome, email: email) : OutputFormat.human(outcome, email: email))
        }
    }
}

/// A role argument as given (trimmed, lower-cased). It is not refused here: the provisioning core refuses
/// `admin` and unknown roles, so the refusal is audited like any other attempted change.
func parseRole(_ text: String) -> ClaudeRole {
    (try? ClaudeRole.requested(text)) ?? ClaudeRole(rawValue: text.trimmingCharacters(in: .whitespaces).lowercased())
}
