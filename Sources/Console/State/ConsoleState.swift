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
}

/// Everything the console shows, as a value. Only ``ConsoleReducer`` changes it; views only read it.
public struct ConsoleState: Sendable {
    public var tab: ConsoleTab = .members
    public var width: Int
    public var height: Int
    public var readOnly: Bool
    /// Seconds since 1970, from the last tick (or the start).
    public var now: Double

    public var instance: Instance?
    public var organizationName: String?
    public var lastRefresh: Date?
    public var loaded = false

    public var members: RowTable<MemberRow>
    public var invites: RowTable<Invite>
    public var audit: RowTable<AuditEvent>
    public var instances: RowTable<Instance>
    public var readiness: ReadinessReport?
    public var readinessScroll = 0

    public var mode: InputMode = .normal
    public var modal: Modal?
    public var flash: Flash?
    public var busy: BusyWork?
    public var showDetail = true
    public var lastRemoval: RemovedMember?
    /// The email a change was just made for: the next load selects its row (a re-invite has a new id).
    public var followEmail: String?
    public var quitting = false
    public var spinner = 0

    /// The smallest terminal the console draws in.
    public static let minimumWidth = 80
    public static let minimumHeight = 24

    public init(width: Int, height: Int, readOnly: Bool, now: Date) {
        self.width = width
        self.height = height
        self.readOnly = readOnly
        self.now = now.timeIntervalSince1970
        members = RowTable(rows: [], columns: Self.memberColumns, sortColumn: 0, ascending: true,
                           identity: { $0.member.id }, searchText: Self.memberSearchText)
        invites = RowTable(rows: [], columns: Self.inviteColumns, sortColumn: 3, ascending: false,
                           identity: { $0.id }, searchText: { "\($0.email) \($0.role.rawValue) \($0.status.rawValue)" })
        audit = RowTable(rows: [], columns: Self.auditColumns, sortColumn: 0, ascending: false,
                         identity: { "\($0.id ?? 0)" }, searchText: { "\($0.actor) \($0.action) \($0.targetEmail ?? "") \($0.outcome.rawValue) \($0.detail)" })
        instances = RowTable(rows: [], columns: Self.instanceColumns, sortColumn: 0, ascending: true,
                             identity: { $0.slug }, searchText: { "\($0.name) \($0.slug)" })
    }

    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// Rows the table area holds at the current size.
    public var tableHeight: Int { max(1, height - 5 - (showDetail && tab != .readiness ? 7 : 0)) }

    /// Whether the invite is pending but past its expiry (the mirror may still say pending).
    public func isExpired(_ invite: Invite) -> Bool {
        invite.status == .expired || (invite.status == .pending && invite.expiresAt.timeIntervalSince1970 <= now)
    }

    /// Whether a pending invite expires within 72 hours.
    public func isExpiringSoon(_ invite: Invite) -> Bool {
        invite.status == .pending && !isExpired(invite) && invite.expiresAt.timeIntervalSince1970 - now <= 72 * 3600
    }

    /// Pending (unexpired) invites.
    public var pendingInviteCount: Int { invites.rows.filter { $0.status == .pending && !isExpired($0) }.count }

    static let memberSearchText: @Sendable (MemberRow) -> String = {
        "\($0.member.email) \($0.member.name) \($0.member.role.rawValue)"
    }

    static let memberColumns: [TableColumn<MemberRow>] = [
        .init("EMAIL", width: nil) { $0.member.email.lowercased() < $1.member.email.lowercased() },
        .init("NAME", width: nil) { $0.member.name.lowercased() < $1.member.name.lowercased() },
        .init("ROLE", width: 17) { $0.member.role.rawValue < $1.member.role.rawValue },
        .init("ADDED", width: 10) { $0.member.addedAt < $1.member.addedAt },
        .init("SCIM", width: 7) { !$0.managed && $1.managed },
    ]

    static let inviteColumns: [TableColumn<Invite>] = [
        .init("EMAIL", width: nil) { $0.email.lowercased() < $1.email.lowercased() },
        .init("ROLE", width: 16) { $0.role.rawValue < $1.role.rawValue },
        .init("STATUS", width: 9) { $0.status.rawValue < $1.status.rawValue },
        .init("INVITED", width: 10) { $0.invitedAt < $1.invitedAt },
        .init("EXPIRES", width: 20) { $0.expiresAt < $1.expiresAt },
    ]

    static let auditColumns: [TableColumn<AuditEvent>] = [
        .init("TIME", width: 19) { ($0.at, $0.id ?? 0) < ($1.at, $1.id ?? 0) },
        .init("ACTOR", width: 18) { $0.actor < $1.actor },
        .init("ACTION", width: 18) { $0.action < $1.action },
        .init("TARGET", width: nil) { ($0.targetEmail ?? "") < ($1.targetEmail ?? "") },
        .init("OUTCOME", width: 8) { $0.outcome.rawValue < $1.outcome.rawValue },
    ]

    static let instanceColumns: [TableColumn<Instance>] = [
        .init("NAME", width: nil) { $0.name < $1.name },
        .init("SLUG", width: 16) { $0.slug < $1.slug },
        .init("MODE", width: 8) { $0.mode.rawValue < $1.mode.rawValue },
        .init("API BASE URL", width: nil) { $0.apiBaseURL < $1.apiBaseURL },
    ]
}
