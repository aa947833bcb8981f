import Foundation
import ScimifyCore

/// A snapshot with its tables already sorted, indexed and filtered as the console's tables are: built off
/// the UI thread by the runner (or inline by the reducer), adopted in one step.
public struct PreparedSnapshot: Sendable {
    public let snapshot: ConsoleSnapshot
    let members: RowTable<MemberRow>
    let invites: RowTable<Invite>
    let problems: RowTable<Problem>
    /// The tables of the views whose rows come straight from the snapshot (``ViewTable/prepare(_:like:)``).
    let tables: [ConsoleTab: any Sendable]
    /// The Keys view's rows with their makers named from this snapshot's members, when a listing was there,
    /// and when that listing was read (adopted only if it is still the one shown).
    let keys: (table: RowTable<KeyRow>, readAt: Date)?

    /// Prepares `snapshot` with the sort and filter of `state`'s tables.
    public init(_ snapshot: ConsoleSnapshot, like state: ConsoleState) {
        self.snapshot = snapshot
        let managed = snapshot.managedEmails
        members = state.members.prepared(
            rows: snapshot.members.map { MemberRow(member: $0, managed: managed.contains(EmailAddress.key($0.email))) })
        invites = state.invites.prepared(rows: snapshot.invites)
        problems = state.problems.prepared(rows: snapshot.problems)
        var tables: [ConsoleTab: any Sendable] = [:]
        for view in ConsoleViews.all {
            if let table = view.table?.prepare(snapshot, like: state) { tables[view.tab] = table }
        }
        self.tables = tables
        keys = state.holdings.holdings.map { holdings in
            (state.keys.prepared(rows: KeyRow.rows(holdings, members: snapshot.members)), holdings.readAt)
        }
    }
}

/// The Keys view's rows for a new listing, named from the members the console had when it asked for the
/// listing: built off the UI thread, adopted only if the members are still those.
public struct PreparedKeyRows: Sendable {
    let table: RowTable<KeyRow>
    /// The listing and the member list the rows were named from.
    let source: KeyRowsSource

    /// Prepares the rows of `holdings` with the sort and filter of `state`'s Keys view.
    public init(_ holdings: OrganizationHoldings, like state: ConsoleState) {
        table = state.keys.prepared(
            rows: KeyRow.rows(holdings, people: state.members.rows.lazy.map { ($0.member.id, $0.member.email) }))
        source = KeyRowsSource(readAt: holdings.readAt, membersGeneration: state.membersGeneration)
    }
}
