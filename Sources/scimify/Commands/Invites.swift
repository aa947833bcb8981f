import ArgumentParser
import ClaudeAdminAPI
import Foundation
import ScimifyCore

extension Scimify {
    /// `scimify invites list`.
    struct Invites: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Organization invites.",
            subcommands: [List.self]
        )

        /// The statuses the list can be narrowed to.
        enum StatusFilter: String, ExpressibleByArgument, CaseIterable {
            case pending, accepted, expired
        }

        /// Lists invites (all pages), optionally of one status.
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List organization invites.")

            @OptionGroup var connection: ConnectionOptions
            @Option(help: "Only invites with this status: pending, accepted or expired.") var status: StatusFilter?
            @Flag(help: "One JSON object a line.") var json = false
            @Flag(
                help:
                    "Read the stored mirror (no API call; its age goes to stderr), e.g. while the API is rate-limited or down."
            )
            var cached = false

            func run() async throws {
                let now = Date()
                let listed: [Invite]
                if cached {
                    listed = try await connection.cachedMirror().invites
                } else {
                    let client = try await connection.readClient()
                    listed = try await reportingFailures { try await client.listAllInvites(progress: nil) }
                }
                // A mirrored invite past its expiry reads as expired, as the API would list it now.
                let invites = listed.map { invite -> Invite in
                    var shown = invite
                    if invite.status == .pending && invite.expiresAt <= now { shown.status = .expired }
                    return shown
                }
                .filter { status == nil || $0.status.rawValue == status?.rawValue }
                .filter { $0.status != .deleted }
                if json {
                    OutputFormat.printLines(invites.lazy.map { OutputFormat.json($0, now: now) })
                    return
                }
                var table = TextTable("EMAIL", "ROLE", "STATUS", "INVITED", "EXPIRES", "ID")
                for invite in invites {
                    table.append([
                        invite.email, invite.role.rawValue, invite.status.rawValue,
                        OutputFormat.day(invite.invitedAt), Self.expiry(invite, now: now), invite.id,
                    ])
                }
                print(table.render())
                print("\(invites.count) invite\(invites.count == 1 ? "" : "s")")
            }

            /// "in 3 days", "in 2 days (!)" within 72 hours, "expired" — readable without colour.
            static func expiry(_ invite: Invite, now: Date) -> String {
                guard invite.status == .pending else { return invite.status == .expired ? "expired" : "-" }
                let hours = invite.expiresAt.timeIntervalSince(now) / 3600
                let days = invite.daysToExpiry(now: now)
                let text = days < 1 ? "in \(max(Int(hours), 0)) hours" : "in \(days) day\(days == 1 ? "" : "s")"
                return hours <= 72 ? text + " (!)" : text
            }
        }
    }
}
