import Foundation
import ScimifyCore

/// Work the reducer asks for. The runner performs it off the UI loop and answers with a ``ConsoleEvent``.
public enum ConsoleEffect: Sendable, Equatable, CustomStringConvertible {
    /// Read the snapshot from the store (no upstream call).
    case load
    /// Each change carries what the operator saw (`expecting`): Claude's state must still be that, or the
    /// core refuses with "changed since you looked" and nothing is sent.
    case updateRole(email: String, role: ClaudeRole, expecting: ExpectedState?)
    case cancelInvite(email: String, expecting: ExpectedState?)
    case removeMember(email: String, expecting: ExpectedState?)
    /// *Remove and deactivate those keys*: every active API key the member created is set inactive first
    /// (spec §15); if one cannot be, the member is not removed.
    case removeMemberAndKeys(email: String, expecting: ExpectedState?)
    /// Set one API key `inactive` (stop) or `active` (start again). The key is what the operator saw: if Claude's
    /// copy has another status now, nothing is sent ("changed since you looked"). `creator` names its maker.
    case setKeyStatus(APIKey, to: APIKey.Status, creator: String?)
    /// Read the organization's workspaces, their members and API keys (background; never blocks a change).
    case loadHoldings
    /// Invite `email` with `role` (re-invite an expired invite, undo a removal).
    case invite(email: String, role: ClaudeRole)
    /// Problems: retry through the core, approve a held removal, dismiss with a reason.
    case switchInstance(slug: String)
    case retryProblem(id: String)
    case approveProblem(id: String)
    case dismissProblem(id: String, reason: String)
    /// List members and invites and report the diff against the local copy, writing nothing.
    case previewRefresh
    /// Import the listing just previewed (or list again if there is none).
    case refreshUsers
    case readiness
    case testConnection(slug: String)
    case rotateToken(slug: String)
    case addInstance(NewInstance)
    /// Put text on the clipboard (OSC 52).
    case copy(String)
    /// Writes `content` to `path` (the runner does the I/O; `:export`).
    case export(path: String, content: String, rows: Int)
    /// Runs a bulk action's items off the UI loop (paced by the client), reporting progress.
    case bulk(BulkJob)
    /// Stops the running bulk action after the items in flight.
    case stopBulk
    /// Keeps what the console remembers (histories, saved filters) for the next session (the runner writes it).
    case remember(ConsoleMemory)
    case quit

    /// Never shows the Admin API key of ``addInstance``.
    public var description: String {
        switch self {
        case .load: "load"
        case .updateRole(let email, let role, _): "updateRole(\(email), \(role))"
        case .cancelInvite(let email, _): "cancelInvite(\(email))"
        case .removeMember(let email, _): "removeMember(\(email))"
        case .removeMemberAndKeys(let email, _): "removeMemberAndKeys(\(email))"
        case .loadHoldings: "loadHoldings"
        case .setKeyStatus(let key, let status, _): "setKeyStatus(\(key.id), \(status.rawValue))"
        case .invite(let email, let role): "invite(\(email), \(role))"
        case .switchInstance(let slug): "switchInstance(\(slug))"
        case .retryProblem(let id): "retryProblem(\(id))"
        case .approveProblem(let id): "approveProblem(\(id))"
        case .dismissProblem(let id, _): "dismissProblem(\(id))"
        case .previewRefresh: "previewRefresh"
        case .refreshUsers: "refreshUsers"
        case .readiness: "readiness"
        case .testConnection(let slug): "testConnection(\(slug))"
        case .rotateToken(let slug): "rotateToken(\(slug))"
        case .addInstance(let new): "addInstance(\(new))"
        case .copy: "copy"
        case .export(let path, _, let rows): "export(\(path), \(rows) rows)"
        case .bulk(let job): "bulk(\(job.action.title), \(job.items.count) items)"
        case .stopBulk: "stopBulk"
        case .remember: "remember"
        case .quit: "quit"
        }
    }
}

/// What happens to the console: keys, the terminal, the clock and the answers to effects.
public enum ConsoleEvent: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// The clock, about ten times a second (flash expiry, spinner, "expires in").
    case tick(Date)
    case loaded(ConsoleSnapshot)
    /// A snapshot whose tables were prepared off the UI thread.
    case prepared(PreparedSnapshot)
    case loadFailed(String)
    /// The organization's name, once the Admin API has told it.
    case organizationIdentified(String)
    /// The workspaces and keys of the instance `slug` were read (or could not be); `keys`: the Keys view's rows,
    /// prepared off the UI thread by the runner.
    case holdingsLoaded(slug: String, HoldingsLoad, keys: PreparedKeyRows? = nil)
    /// Another process (`scimify serve`, the CLI) changed the store: reload, keeping the selection.
    case storeChanged
    /// A change finished: the sentence for the flash, or the error.
    case changeFinished(ChangeReport)
    case refreshProgress(Refresher.Progress)
    /// The listing for refresh users is ready: what importing it would change, or the error.
    case refreshPreviewed(summary: String?, failure: String?)
    /// Refresh users finished: the one-line summary and the diff's lines for the dialog, or the error.
    case refreshFinished(summary: String?, details: [String], failure: String?)
    case readinessFinished(ReadinessReport?, failure: String?)
    /// An instances-view action finished; `notice` is shown once in a dialog (a new SCIM token), `added` is
    /// the slug of an instance just added (the Instances view selects it).
    case instanceActionFinished(message: String?, failure: String?, notice: [String]?, added: String? = nil)
    /// The console now shows another instance (or could not switch).
    case instanceSwitched(organizationName: String?, failure: String?)
    /// `:export` wrote its file, or could not.
    case exported(path: String, rows: Int, failure: String?)
    /// A bulk action finished `done` of `total` items; `current` is the person being changed now.
    case bulkProgress(done: Int, total: Int, current: String?)
    case bulkFinished(BulkReport)
    /// The change in flight waits for the Admin API's rate limit until then (`nil`: it no longer waits).
    case rateLimitWait(until: Date?)
}

/// The answer to a change effect.
public struct ChangeReport: Sendable, Equatable {
    public var summary: String?
    public var failure: String?
    /// Set when a member was removed, so `u` can re-invite them with the old role.
    public var removed: RemovedMember?
    /// The Anthropic request-id of the last request the change sent (the result list of a bulk action).
    public var requestID: String?

    public init(summary: String? = nil, failure: String? = nil, removed: RemovedMember? = nil, requestID: String? = nil)
    {
        self.summary = summary
        self.failure = failure
        self.removed = removed
        self.requestID = requestID
    }
}

/// A removed member, for undo.
public struct RemovedMember: Sendable, Equatable {
    public var email: String
    public var role: ClaudeRole

    public init(email: String, role: ClaudeRole) {
        self.email = email
        self.role = role
    }
}
