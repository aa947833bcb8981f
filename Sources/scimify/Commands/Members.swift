import ArgumentParser
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyRuntime

extension Scimify {
    /// `scimify members list`.
    struct Members: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Organization members.",
            subcommands: [List.self, Show.self]
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

        /// `members show EMAIL`: what a person holds beyond their membership.
        struct Show: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Show a member with their workspaces (and workspace roles) and the API keys they created.",
                discussion: "Keys that keep working after the person is removed are marked (legacy workspace keys).")
            @OptionGroup var connection: ConnectionOptions
            @Argument(help: "The member's email.") var email: String
            @Flag(help: "One JSON object.") var json = false

            func run() async throws {
                let client = try await connection.readClient()
                let member = try await reportingFailures { () -> Member in
                    guard let member = try await client.findMember(email: email).value else {
                        throw CLIFailure(
                            message: "error: \(SafeText.quoted(email)) is not a member of the organization",
                            status: .refused)
                    }
                    return member
                }
                let found = try await reportingFailures { () -> PersonHoldings? in
                    do {
                        return try await HoldingsReader.person(member, using: client)
                    } catch let error as ProvisioningError where error.meansNoKeyEndpoints {
                        return nil  // an Enterprise organization: the member is all there is to show
                    }
                }
                guard let holdings = found else {
                    print(
                        json
                            ? OutputFormat.jsonLine([
                                "id": member.id, "email": member.email, "name": member.name,
                                "role": member.role.rawValue, "workspaces": nil, "api_keys": nil,
                                "holdings": noKeyEndpointsSentence,
                            ])
                            : "\(member.email) (\(SafeText.neutralized(member.name))), role \(member.role.rawValue), "
                                + "id \(member.id)\nworkspaces and API keys: \(noKeyEndpointsSentence)")
                    return
                }
                let surviving = Set(holdings.survivingActiveKeys.map(\.id))
                if json {
                    print(
                        OutputFormat.jsonLine([
                            "id": member.id, "email": member.email, "name": member.name, "role": member.role.rawValue,
                            "workspaces": holdings.workspaces.map {
                                ["id": $0.workspace.id, "name": $0.workspace.name, "role": $0.role]
                            },
                            "api_keys": holdings.keys.map {
                                [
                                    "id": $0.id, "name": $0.name, "hint": $0.hint ?? "", "status": $0.status.rawValue,
                                    "workspace_id": $0.scopeType == .organization ? nil : $0.workspaceID ?? "default",
                                    "scope_type": $0.scopeType.rawValue,
                                    "survives_removal": surviving.contains($0.id) ? "yes" : "no",
                                ]
                            },
                        ]))
                    return
                }
                print(
                    "\(member.email) (\(SafeText.neutralized(member.name))), role \(member.role.rawValue), id \(member.id)"
                )
                print("\nWorkspaces (\(holdings.workspaces.count)):")
                var places = TextTable("WORKSPACE", "ROLE", "ID")
                for place in holdings.workspaces {
                    let name = place.workspace.name + (place.workspace.archivedAt == nil ? "" : " (archived)")
                    places.append([SafeText.neutralized(name), place.role, place.workspace.id])
                }
                print(places.render())
                print("\nAPI keys created (\(holdings.keys.count)):")
                // In words, like `keys list`: this member made each of them, in the workspaces named above.
                let maker = APIKeyMaker.member(email: member.email, userID: member.id)
                print(
                    KeyRendering.table(
                        holdings.keys, makers: Dictionary(uniqueKeysWithValues: holdings.keys.map { ($0.id, maker) }),
                        workspaceNames: Dictionary(
                            holdings.workspaces.map { ($0.workspace.id, $0.workspace.name) },
                            uniquingKeysWith: { a, _ in a })))
                if !surviving.isEmpty {
                    print(
                        "\(surviving.count) active key\(surviving.count == 1 ? "" : "s") would keep working after removing "
                            + "\(member.email): \(holdings.survivingActiveKeys.map(\.name).joined(separator: ", "))")
                }
            }
        }
    }
}
