import ArgumentParser
import Foundation
import ScimifyCore
import ScimifyStore

extension Scimify {
    /// `scimify refresh`: import every member and invite into the mirror and report what changed.
    struct Refresh: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Refresh users: list every member and invite, replace the mirror, report the difference."
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "Instance slug or name (default: the only one).") var instance: String?
        @Flag(help: "Print one JSON object.") var json = false

        func run() async throws {
            let context = try await store.instanceContext(instance)
            let refresher = Refresher(
                instance: context.instance,
                api: context.client,
                store: context.database,
                recorder: context.recorder
            )
            let showProgress = !json && isatty(STDERR_FILENO) == 1
            let report = try await reportingFailures {
                try await refresher.run(actor: context.actor.name) { progress in
                    guard showProgress else { return }
                    let line = "\rmembers: \(progress.members.pages) pages, \(progress.members.rows) rows; "
                        + "invites: \(progress.invites.pages) pages, \(progress.invites.rows) rows"
                    FileHandle.standardError.write(Data(line.utf8))
                }
            }
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            if json {
                let diff = report.diff
                print(OutputFormat.jsonLine([
                    "instance": context.instance.slug, "refreshed_at": OutputFormat.timestamp(report.refreshedAt),
                    "members": report.memberCount, "invites": report.inviteCount, "pending_invites": report.pendingInviteCount,
                    "first_refresh": diff.isFirstRefresh,
                    "new_members": diff.newMembers.map(\.email), "removed_members": diff.removedMembers.map(\.email),
                    "role_changes": diff.roleChanges.map { ["email": $0.member.email, "from": $0.from.rawValue, "to": $0.to.rawValue] },
                    "invites_accepted": diff.invitesAccepted.map(\.email), "invites_expired": diff.invitesExpired.map(\.email),
                    "invites_cancelled": diff.invitesCancelled.map(\.email), "new_invites": diff.newInvites.map(\.email),
                    "records_created": report.recordsCreated, "records_linked": report.recordsLinked,
                    "records_marked_removed": report.recordsMarkedRemoved, "mirror_write_seconds": report.writeSeconds,
                ]))
                return
            }
            print("refreshed \(context.instance.slug): \(report.memberCount) members, \(report.inviteCount) invites "
                + "(\(report.pendingInviteCount) pending)")
            print(report.diff.summary)
            let diff = report.diff
            let sections: [(String, [String])] = [
                ("new members", diff.newMembers.map { "\($0.email) (\($0.role))" }),
                ("removed members", diff.removedMembers.map(\.email)),
                ("role changes", diff.roleChanges.map { "\($0.member.email): \($0.from) -> \($0.to)" }),
                ("invites accepted", diff.invitesAccepted.map(\.email)),
                ("invites expired", diff.invitesExpired.map(\.email)),
                ("invites cancelled", diff.invitesCancelled.map(\.email)),
                ("new invites", diff.newInvites.map { "\($0.email) (\($0.role), \($0.status))" }),
            ]
            for (title, lines) in sections where !lines.isEmpty && !diff.isFirstRefresh {
                print("\(title):")
                for line in lines.prefix(50) { print("  " + SafeText.neutralized(line)) }
                if lines.count > 50 { print("  ... and \(lines.count - 50) more") }
            }
            print("SCIM records: \(report.recordsCreated) created, \(report.recordsLinked) linked, "
                + "\(report.recordsMarkedRemoved) marked removed outside Scimify")
        }
    }
}
