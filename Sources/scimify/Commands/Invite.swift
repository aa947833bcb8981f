import ArgumentParser
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
        @Option(help: "Role: \(ClaudeRole.provisionableList).") var role: String?
        @Flag(help: "Print the outcome as one JSON object.") var json = false

        func run() async throws {
            let role = try role.map { try parseRole($0) }
            let outcome = try await reportingFailures {
                try await ChangeTarget.make(connection).provision(email: email, role: role)
            }
            print(json ? OutputFormat.json(outcome, email: email) : OutputFormat.human(outcome, email: email))
        }
    }
}

/// Validates a role argument with the core's rule, reporting a refusal with exit status 1.
func parseRole(_ text: String) throws -> ClaudeRole {
    do {
        return try ClaudeRole.requested(text)
    } catch {
        throw CLIFailure(message: "error: \(error.message)", status: .refused)
    }
}
