import ArgumentParser
import ClaudeAdminAPI
import Foundation
import ScimifyCore

extension Scimify {
    /// `scimify members list`.
    struct Members: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Organization members.",
            subcommands: [List.self]
        )

        /// Lists every member (all pages).
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List every member of the organization.")

            @OptionGroup var connection: ConnectionOptions
            @Flag(help: "One JSON object a line.") var json = false
            @Flag(
                help:
                    "Read the stored mirror (no API call; its age goes to stderr), e.g. while the API is rate-limited or down."
            )
            var cached = false

            func run() async throws {
                let members: [Member]
                if cached {
                    members = try await connection.cachedMirror().members.sorted {
                        $0.email.lowercased() < $1.email.lowercased()
                    }
                } else {
                    let client = try await connection.readClient()
                    members = try await reportingFailures { try await client.listAllMembers(progress: nil) }
                }
                if json {
                    OutputFormat.printLines(members.lazy.map(OutputFormat.json))
                    return
                }
                var table = TextTable("EMAIL", "NAME", "ROLE", "ADDED", "ID")
                for member in members {
                    let role = member.isProtected ? "\(member.role) (protected)" : member.role.rawValue
                    table.append([member.email, member.name, role, OutputFormat.day(member.addedAt), member.id])
                }
                print(table.render())
                print("\(members.count) member\(members.count == 1 ? "" : "s")")
            }
        }
    }
}
