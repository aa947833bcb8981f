import ArgumentParser
import Foundation
import ScimifyCore
import ScimifyRuntime
import ScimifyStorage

extension Scimify {
    /// `scimify refresh`: import every member and invite into the mirror and report what changed.
    struct Refresh: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Refresh users: list every member and invite, replace the mirror, report the difference."
        )
        @OptionGroup var store: StoreOptions
        @Option(help: "Instance slug or name (default: the only one).", completion: ShellCompletions.instances)
        var instance: String?
        @Flag(help: "Print one JSON object.") var json = false

        func run() async throws {
            let context = try await store.instanceContext(instance)
            let refresher = context.runtime.refresher
            let progress = RefreshProgressLine(enabled: !json && isatty(STDERR_FILENO) == 1)
            let report = try await reportingFailures {
                try await refresher.run(actor: context.actor.name, progress: progress.callback)
            }
            progress.finish()
            if json {
                let diff = report.diff
                print(
                    OutputFormat.jsonLine([
                        "instance": context.instance.slug, "refreshed_at": OutputFormat.timestamp(report.refreshedAt),
                        "members": report.memberCount, "invites": report.inviteCount,
                        "pending_invites": report.pendingInviteCount,
                        "first_refresh": diff.isFirstRefresh,
                        "new_members": diff.newMembers.map(\.email),
                        "removed_members": diff.removedMembers.map(\.email),
                        "role_changes": diff.roleChanges.map {
                            ["email": $0.member.email, "from": $0.from.rawValue, "to": $0.to.rawValue]
                        },
                        "invites_accepted": diff.invitesAccepted.map(\.email),
                        "invites_expired": diff.invitesExpired.map(\.email),
                        "invites_cancelled": diff.invitesCancelled.map(\.email),
                        "new_invites": diff.newInvites.map(\.email),
                        "records_created": report.recordsCreated, "records_linked": report.recordsLinked,
                        "records_marked_removed": report.recordsMarkedRemoved,
                        "mirror_write_seconds": report.writeSeconds,
                    ]))
                return
            }
            print("refreshed \(context.instance.slug): \(report.inviteCount) invites listed; \(report.diff.summary)")
            for line in RefreshReportText.lines(report, limit: 50) { print(line) }
        }
    }
}
