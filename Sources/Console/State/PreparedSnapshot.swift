import ScimifyCore

/// A snapshot with its tables already sorted, indexed and filtered as the console's tables are: built off
/// the UI thread by the runner (or inline by the reducer), adopted in one step.
public struct PreparedSnapshot: Sendable {
    public let snapshot: ConsoleSnapshot
    let members: RowTable<MemberRow>
    let invites: RowTable<Invite>
    let problems: RowTable<Problem>
    let audit: RowTable<AuditEvent>
    let instances: RowTable<Instance>

    /// Prepares `snapshot` with the sort and filter of `state`'s tables.
    public init(_ snapshot: ConsoleSnapshot, like state: ConsoleState) {
        self.snapshot = snapshot
        let managed = snapshot.managedEmails
        members = state.members.prepared(
            rows: snapshot.members.map { MemberRow(member: $0, managed: managed.contains(EmailAddress.key($0.email))) })
        invites = state.invites.prepared(rows: snapshot.invites)
        problems = state.problems.prepared(rows: snapshot.problems)
        audit = state.audit.prepared(rows: snapshot.audit)
        instances = state.instances.prepared(rows: snapshot.instances)
    }
}
