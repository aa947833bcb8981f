import ScimifyCore

/// A change the operator asked for on marked rows: what it does, the items it will run (each a single-row
/// change effect, checked against what the operator saw) and the rows it skips, each with its reason.
public struct BulkJob: Sendable, Equatable {
    /// What the bulk action does to each item.
    public enum Action: Sendable, Equatable {
        case changeRole(ClaudeRole)
        case cancelInvites
        case reinvite
        case removeMembers
        /// Each member's active API keys set inactive, then the member removed (spec §15).
        case removeMembersAndKeys
        case approveRemovals
        case dismissProblems(reason: String)
        case retryProblems
        /// `u` after a bulk removal: re-invite each removed member with the old role.
        case undoRemovals
        /// Marked API keys set inactive (stopped) or active again.
        case setKeyStatus(APIKey.Status)

        /// The action in words, for the dialog, the progress line and the result list.
        public var title: String {
            switch self {
            case .changeRole(let role): "Change role to \(role)"
            case .cancelInvites: "Cancel invites"
            case .reinvite: "Re-invite"
            case .removeMembers: "Remove members"
            case .removeMembersAndKeys: "Remove members and deactivate their keys"
            case .approveRemovals: "Approve held removals"
            case .dismissProblems: "Dismiss problems"
            case .retryProblems: "Retry problems"
            case .undoRemovals: "Undo removals"
            case .setKeyStatus(let status): status == .inactive ? "Deactivate keys" : "Reactivate keys"
            }
        }

        /// Whether the action takes access away (the dialog is red).
        public var isDestructive: Bool {
            switch self {
            case .cancelInvites, .removeMembers, .removeMembersAndKeys, .approveRemovals: true
            case .setKeyStatus(let status): status == .inactive
            default: false
            }
        }
    }

    public var action: Action
    public var items: [BulkItem]
    /// Rows of the mark set that are not changed (protected, wrong state), named with the reason.
    public var skipped: [BulkResult]
    /// Shared by every item's audit row; the runner assigns it when the work starts.
    public var batchID: String

    public init(action: Action, items: [BulkItem], skipped: [BulkResult], batchID: String = "") {
        self.action = action
        self.items = items
        self.skipped = skipped
        self.batchID = batchID
    }
}

/// One row of a bulk action: the person, the row's id (to unmark it when done) and its single change.
public struct BulkItem: Sendable, Equatable {
    public var email: String
    public var rowID: String
    public var effect: ConsoleEffect

    public init(email: String, rowID: String, effect: ConsoleEffect) {
        self.email = email
        self.rowID = rowID
        self.effect = effect
    }
}

/// How one row of a bulk action ended.
public struct BulkResult: Sendable, Equatable {
    public enum Outcome: String, Sendable, Equatable {
        case done, skipped, failed
        /// Not started: the operator stopped the action first.
        case notRun = "not run"
    }

    public var email: String
    public var rowID: String
    public var outcome: Outcome
    /// What was done, or why not.
    public var detail: String
    public var requestID: String?
    /// Set when a member was removed (for undo).
    public var removed: RemovedMember?

    public init(
        email: String, rowID: String, outcome: Outcome, detail: String, requestID: String? = nil,
        removed: RemovedMember? = nil
    ) {
        self.email = email
        self.rowID = rowID
        self.outcome = outcome
        self.detail = detail
        self.requestID = requestID
        self.removed = removed
    }
}

/// The end of a bulk action: every row's result (skipped ones first), and whether the operator stopped it.
public struct BulkReport: Sendable, Equatable {
    public var action: BulkJob.Action
    public var batchID: String
    public var results: [BulkResult]
    public var stopped: Bool

    public init(action: BulkJob.Action, batchID: String, results: [BulkResult], stopped: Bool) {
        self.action = action
        self.batchID = batchID
        self.results = results
        self.stopped = stopped
    }

    public func count(_ outcome: BulkResult.Outcome) -> Int { results.filter { $0.outcome == outcome }.count }

    /// `3 done, 1 skipped, 0 failed` (and `2 not run` after a stop).
    public var summary: String {
        var text = "\(count(.done)) done, \(count(.skipped)) skipped, \(count(.failed)) failed"
        if stopped { text += ", \(count(.notRun)) not run (stopped)" }
        return text
    }
}
