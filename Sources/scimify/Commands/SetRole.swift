import ArgumentParser
import ScimifyCore

extension Scimify {
    /// `scimify set-role EMAIL ROLE`.
    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change the role of a member, or of a pending invite (cancel and re-invite).",
            discussion: "Roles: \(ClaudeRole.provisionableList). Admins and owners are never changed."
        )

        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Email address.") var email: String
        @Argument(help: "New role: \(ClaudeRole.provisionableList).", completion: ShellCompletions.roles) var role:
            String
        @OptionGroup var expect: ExpectOptions
        @Flag(help: "Print the outcome as one JSON object.") var json = false

        func run() async throws {
            let role = parseRole(role)
            let outcome = try await reportingFailures {
                try await ChangeTarget.make(connection).updateRole(email: email, role: role, expecting: expect.expected)
            }
            print(json ? OutputFormat.json(outcome, email: email) : OutputFormat.human(outcome, email: email))
        }
    }
}
