import Foundation
import ScimifyCore

/// A member as the Members view lists it: the member and whether a SCIM record manages it.
public struct MemberRow: Sendable, Equatable {
    public var member: Member
    public var managed: Bool

    public init(member: Member, managed: Bool) {
        self.member = member
        self.managed = managed
    }
}

/// How the console reads keys: the table, or the input line of `/` and `:`.
public enum InputMode: Sendable, Equatable {
    case normal
    case filter(String)
    case command(String)
    /// The one-line reason for dismissing the problems with these ids (one, or the marked ones).
    case reason(problemIDs: [String], text: String)
}

/// Everything the console shows, as a value. Only ``ConsoleReducer`` changes it; views only read it.
public struct ConsoleState: Sendable {
    public var tab: ConsoleTab = .members
    public var width: Int
    public var height: Int
    /// Whether this instance's changes are refused (`--read-only`, or the config file's `read_only`).
    public var readOnly: Bool
    /// Started with `--read-only`: every instance is read-only.
    public var alwaysReadOnly: Bool
    /// Instances the config file makes read-only, and their header colours there.
    public var readOnlyInstances: Set<String> = []
    public var headerColors: [String: Instance.HeaderColor] = [:]
    /// Seconds since 1970, from the last tick (or the start).
    public var now: Double

    public var instance: Instance?
    public var organizationName: String?
    public var lastRefresh: Date?
    /// Removals from the IdP held by the mass-removal guard.
    public var heldRemovals = 0
    public var loaded = false
    /// While only the first screen is loaded: the totals of the whole mirror.
    public var preview: (members: Int, pendingInvites: Int)?

    public var members: RowTable<MemberRow>
    public var invites: RowTable<Invite>
    public var problems: RowTable<Problem>
    public var audit: RowTable<AuditEvent>
    public var instances: RowTable<Instance>
    /// The organization's API keys (from ``holdings``), their creators named from the members.
    public var keys: RowTable<KeyRow>
    /// The SCIM requests `serve` logged for this instance and for no known instance, newest first.
    public var requests: RowTable<RequestRow>
    public var readiness: ReadinessReport?
    /// The organization's workspaces and API keys, for the member detail and the remove dialog.
    public var holdings: HoldingsLoad = .notLoaded
    /// A holdings listing is being read (the last one stays shown meanwhile).
    public var holdingsInFlight = false
    /// Counts the member lists adopted, so the Keys view knows when its makers need naming again.
    var membersGeneration = 0
    /// What the Keys view's rows were built from.
    var keyRowsSource: KeyRowsSource?
    public var readinessScroll = 0

    public var mode: InputMode = .normal
    /// The keys in use: the standard keymap, or the config file's rebinding of it.
    public var keymap = Keymap.standard
    /// The `:` and `/` histories and the saved filters, kept between sessions.
    public var memory = ConsoleMemory()
    /// Where ↑/↓ is in a prompt's history.
    public var recall: PromptRecall?
    /// What the last Tab at the `:` prompt could complete to (shown above the prompt).
    public var completions: [String] = []
    public var modal: Modal?
    public var flash: Flash?
    /// This session's flash messages, oldest first (`:messages`), at most ``maximumMessages``.
    public var messages: [String] = []
    public static let maximumMessages = 200
    public var busy: BusyWork?
    /// Seconds since 1970 when the change in flight stops waiting for the Admin API's rate limit.
    public var rateLimitedUntil: Double?
    public var showDetail = true
    /// Lines the detail pane is scrolled by (`J`/`K`); any other action puts it back to the top.
    public var detailScroll = 0
    /// The members the last removal (single or bulk) took out, for `u`.
    public var lastRemovals: [RemovedMember] = []
    /// The bulk action running now: `u`, Esc and the progress line read it.
    public var bulk: BulkRun?
    /// The email a change was just made for: the next load selects its row (a re-invite has a new id).
    public var followEmail: String?
    /// An instance just added: the Instances view selects it when the next load lists it.
    public var followInstance: String?
    public var quitting = false
    public var spinner = 0

    /// The smallest terminal the console draws in.
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public init(width: Int, height: Int, readOnly: Bool, now: Date) {
        self.width = width
        self.height = height
        self.readOnly = readOnly
        alwaysReadOnly = readOnly
        self.now = now.timeIntervalSince1970
        members = RowTable(
            rows: [], columns: MembersView.columns, sortColumn: 0, ascending: true,
            identity: { $0.member.id }, searchText: MembersView.searchText)
        invites = RowTable(
            rows: [], columns: InvitesView.columns, sortColumn: 3, ascending: false,
            identity: { $0.id }, searchText: InvitesView.searchText)
        problems = RowTable(
            rows: [], columns: ProblemsView.columns, sortColumn: 2, ascending: false,
            identity: { $0.id }, searchText: ProblemsView.searchText)
        audit = RowTable(
            rows: [], columns: AuditView.columns, sortColumn: 0, ascending: false,
            identity: { "\($0.id ?? 0)" }, searchText: AuditView.searchText)
        instances = RowTable(
            rows: [], columns: InstancesView.columns, sortColumn: 0, ascending: true,
            identity: { $0.slug }, searchText: InstancesView.searchText)
        keys = RowTable(
            rows: [], columns: KeysView.columns, sortColumn: 4, ascending: false, identity: { $0.key.id },
            searchText: KeysView.searchText)
        requests = RowTable(
            rows: [], columns: RequestsView.columns, sortColumn: 0, ascending: false, identity: { "\($0.id)" },
            searchText: RequestsView.searchText)
    }

    /// What the Keys view's rows must be built from now: the listing shown and the members adopted.
    var currentKeyRowsSource: KeyRowsSource {
        KeyRowsSource(readAt: holdings.holdings?.readAt, membersGeneration: membersGeneration)
    }

    /// Takes rows prepared off the UI thread, if they were built from what is shown now (the same listing and
    /// members); otherwise the Keys view, when shown, lists them again here.
    mutating func adoptKeyRows(_ table: RowTable<KeyRow>?, builtFrom source: KeyRowsSource) {
        if let table, source == currentKeyRowsSource {
            keys.adopt(table)
            keyRowsSource = source
        } else if tab == .keys {
            rebuildKeyRows()
        }
    }

    /// Lists the keys again from the holdings and the members, unless neither changed since the last time
    /// (opening the Keys view again costs nothing then).
    mutating func rebuildKeyRows() {
        let source = currentKeyRowsSource
        guard source != keyRowsSource else { return }
        keyRowsSource = source
        guard let holdings = holdings.holdings else { return keys.replaceRows([]) }
        keys.replaceRows(KeyRow.rows(holdings, people: members.rows.lazy.map { ($0.member.id, $0.member.email) }))
    }

    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// Rows the table area holds at the current size.
    public var tableHeight: Int { max(1, height - 5 - detailHeight) }

    /// The detail pane's height with its frame (0 when hidden). The Members view's is taller once the
    /// organization's keys are being read, to list a person's workspaces and keys, and the Requests view's
    /// always (a request and its answer are what it is for): up to half the screen, never
    /// under the other views' 7 rows, and fixed for a given size so the table does not jump as the selection
    /// moves.
    public var detailHeight: Int {
        guard showDetail, tab.view.table != nil else { return 0 }
        return tab.view.wantsTallDetail(self) ? max(7, min(13, (height - 5) / 2)) : 7
    }

    /// The clock of the last tick as a date, for the ``Invite`` predicates.
    public var date: Date { Date(timeIntervalSince1970: now) }

    /// Pending (unexpired) invites, counted on load and on each tick (not per frame).
    public internal(set) var pendingInviteCount = 0

    mutating func countPendingInvites() {
        var count = 0
        let date = date
        for invite in invites.rows where invite.isOpen(at: date) { count += 1 }
        pendingInviteCount = count
    }
}

/// The inputs of the Keys view's rows: which listing (by when it was read) and which member list.
struct KeyRowsSource: Equatable {
    var readAt: Date?
    var membersGeneration: Int
}
