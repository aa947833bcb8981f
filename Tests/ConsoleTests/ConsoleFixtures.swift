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

    /// A loaded console of 100x30 at the fixed clock.
    static func state(readOnly: Bool = false, width: Int = 100, height: Int = 30) -> ConsoleState {
        var state = ConsoleState(width: width, height: height, readOnly: readOnly, now: now)
        _ = ConsoleReducer.reduce(&state, .loaded(snapshot))
        return state
    }
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
