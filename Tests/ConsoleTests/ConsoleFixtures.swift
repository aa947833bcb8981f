import Console
import Foundation
import ScimifyCore

/// A fixed organization and clock for exact console assertions.
enum ConsoleFixtures {
    static let now = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-28 20:26:40 UTC
    static let day: TimeInterval = 86_400

    static let instance = Instance(
        id: 1, slug: "acme", name: "Acme", apiBaseURL: "http://127.0.0.1:9", mode: .enforce,
        createdAt: now - 30 * day)

    static let members: [Member] = [
        Member(
            id: "user_admin", email: "avery.admin@acme.example", name: "Avery Admin", role: .admin,
            addedAt: now - 400 * day),
        Member(
            id: "user_jane", email: "jane.smith@acme.example", name: "Jane Smith", role: .developer,
            addedAt: now - 10 * day),
        Member(id: "user_taro", email: "yamada@acme.example", name: "山田太郎", role: .user, addedAt: now - 20 * day),
        Member(id: "user_zoe", email: "zoe@acme.example", name: "Zoë 🎉", role: .billing, addedAt: now - 30 * day),
        Member(
            id: "user_evil", email: "mallory@acme.example", name: "Mal\u{1B}[31mlory\u{07}", role: .user,
            addedAt: now - 40 * day),
    ]

    static let invites: [Invite] = [
        Invite(
            id: "inv_new", email: "new.hire@acme.example", role: .user, status: .pending, invitedAt: now - 1 * day,
            expiresAt: now + 20 * day),
        Invite(
            id: "inv_soon", email: "soon@acme.example", role: .developer, status: .pending, invitedAt: now - 19 * day,
            expiresAt: now + 2 * day + 3600),
        Invite(
            id: "inv_old", email: "old@acme.example", role: .billing, status: .pending, invitedAt: now - 30 * day,
            expiresAt: now - 9 * day),
    ]

    static var snapshot: ConsoleSnapshot {
        ConsoleSnapshot(
            instance: instance, organizationName: "Acme Corp", members: members, invites: invites,
            managedEmails: ["jane.smith@acme.example"], audit: [], instances: [instance], lastRefresh: now - 120)
    }

    /// A loaded console of 100x30 at the fixed clock. Its workspaces and keys arrive as `holdings` (by default
    /// the answer of an organization without key endpoints, so the views keep their plain shape).
    static func state(
        readOnly: Bool = false, width: Int = 100, height: Int = 30,
        holdings: HoldingsLoad = .unavailable("no key endpoints")
    ) -> ConsoleState {
        var state = ConsoleState(width: width, height: height, readOnly: readOnly, now: now)
        _ = ConsoleReducer.reduce(&state, .loaded(snapshot))
        _ = ConsoleReducer.reduce(&state, .holdingsLoaded(slug: instance.slug, holdings))
        return state
    }

    static func key(
        _ id: String, _ name: String, by creator: String?, _ principal: APIKey.Principal, workspace: String?,
        status: APIKey.Status = .active, age: Double = 30
    ) -> APIKey {
        APIKey(
            id: id, name: name, createdAt: now - age * day, createdByUserID: creator, expiresAt: nil,
            hint: "sk-ant-api03-\(name.prefix(3))...9QaA", status: status, principal: principal, workspaceID: workspace)
    }

    /// Two workspaces (one archived); Jane: a personal key, a legacy workspace key (survives her removal) and an
    /// inactive one; Mallory: one personal key; a service account's key nobody is removed with.
    static let holdings = OrganizationHoldings(
        workspaces: [
            Workspace(id: "wrkspc_prod", name: "Production", createdAt: now - 300 * day, archivedAt: nil),
            Workspace(id: "wrkspc_old", name: "Old Prototype", createdAt: now - 300 * day, archivedAt: now - day),
        ],
        places: [
            WorkspaceMember(userID: "user_jane", workspaceID: "wrkspc_prod", role: "workspace_developer"),
            WorkspaceMember(userID: "user_jane", workspaceID: "wrkspc_old", role: "workspace_user"),
            WorkspaceMember(userID: "user_evil", workspaceID: "wrkspc_prod", role: "workspace_user"),
        ],
        keys: [
            key("apikey_jane_laptop", "jane-laptop", by: "user_jane", .user(id: "user_jane"), workspace: nil, age: 5),
            key("apikey_ci", "ci-deploy", by: "user_jane", .none, workspace: "wrkspc_prod", age: 50),
            key(
                "apikey_jane_old", "jane-old", by: "user_jane", .user(id: "user_jane"), workspace: nil,
                status: .inactive, age: 90),
            key("apikey_mal", "mal-notebook", by: "user_evil", .user(id: "user_evil"), workspace: "wrkspc_prod"),
            key("apikey_svc", "billing-export", by: nil, .serviceAccount(id: "svac_1"), workspace: nil),
        ],
        readAt: now)
}

extension ConsoleState {
    /// Sends keys and returns every effect they asked for.
    @discardableResult
    mutating func press(_ keys: Key...) -> [ConsoleEffect] {
        keys.flatMap { ConsoleReducer.reduce(&self, .key($0)) }
    }

    /// Types text as character keys.
    @discardableResult
    mutating func type(_ text: String) -> [ConsoleEffect] {
        text.flatMap { ConsoleReducer.reduce(&self, .key(.character($0))) }
    }
}

extension [ConsoleEffect] {
    /// The effects that act (the histories the console keeps for the next session left out).
    var acting: [ConsoleEffect] {
        filter {
            if case .remember = $0 { return false }
            return true
        }
    }
}
