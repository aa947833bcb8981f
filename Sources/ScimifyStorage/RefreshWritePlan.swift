import Foundation
import ScimifyCore

/// What a refresh writes in its one transaction, decided once for both drivers, once the listing is compared
/// with the previous mirror (``ScimifyCore/MirrorComparison``) and the records' links are planned
/// (``RecordLinkPlan``): the steps in order, and the report.
package struct RefreshWritePlan: Sendable {
    /// One write of the refresh, executed in order by a driver inside the refresh's transaction.
    package enum Step: Sendable, Equatable {
        /// Delete the mirror rows that disappeared and write the new or changed ones (the comparison's).
        case writeMirrorRows
        /// The mirror's state: its time and counts.
        case setMirrorState(refreshedAt: Date, memberCount: Int, inviteCount: Int)
        /// Write the record links (the plan's).
        case linkRecords
        /// The listing is Claude's word on everyone: changes begun before it are confirmed either way, so no
        /// one stays marked unconfirmed.
        case confirmChanges(before: Date)
        /// Append the refresh's audit row (when the caller gave one).
        case appendAudit
    }

    package let comparison: MirrorComparison
    package let links: RecordLinkPlan
    package let members: Int
    package let invites: [Invite]
    package let now: Date

    package init(comparison: MirrorComparison, links: RecordLinkPlan, members: Int, invites: [Invite], now: Date) {
        self.comparison = comparison
        self.links = links
        self.members = members
        self.invites = invites
        self.now = now
    }

    package var steps: [Step] {
        [
            .writeMirrorRows, .setMirrorState(refreshedAt: now, memberCount: members, inviteCount: invites.count),
            .linkRecords, .confirmChanges(before: now), .appendAudit,
        ]
    }

    /// The refresh's report, given what linking counted and how long the writes took.
    package func report(links counts: RecordLinkPlan.Counts, writeSeconds: Double) -> RefreshReport {
        RefreshReport(
            refreshedAt: now, memberCount: members, inviteCount: invites.count,
            pendingInviteCount: invites.filter { $0.status == .pending }.count, diff: comparison.diff,
            recordsCreated: counts.created, recordsMarkedRemoved: counts.markedRemoved, recordsLinked: counts.linked,
            writeSeconds: writeSeconds)
    }
}
