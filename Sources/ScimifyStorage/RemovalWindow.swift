import Foundation
import ScimifyCore

/// The mass-removal guard's decision for one removal, made once for both drivers: the window's start (slots
/// taken before it no longer count), and, given how many slots the window holds, whether the removal takes one
/// or is held, with the held reason an operator reads. Drivers take the slot or keep the held row in one
/// transaction that no other connection's admission can interleave with.
package struct RemovalWindow: Sendable {
    /// What the guard does with one removal.
    package enum Verdict: Sendable, Equatable {
        /// Take a slot at this time and let the removal through.
        case takeSlot(at: Date)
        /// Keep this held removal (one per person: an earlier one of the same email is kept instead).
        case hold(HeldRemoval)
    }

    package let policy: RemovalGuardPolicy
    package let now: Date

    package init(policy: RemovalGuardPolicy, now: Date) {
        self.policy = policy
        self.now = now
    }

    /// Slots taken before this time are out of the window (drivers delete them first).
    package var start: Date { now.addingTimeInterval(-Double(policy.windowMinutes) * 60) }

    /// The verdict when the window holds `taken` slots.
    package func verdict(taken: Int, email: String, idpRequestID: String?) -> Verdict {
        if taken < policy.maxRemovals { return .takeSlot(at: now) }
        let reason =
            "held by the mass-removal guard: \(taken) removals from the IdP in the last \(policy.windowMinutes) "
            + "minutes (the limit is \(policy.maxRemovals)); Claude was not changed"
        return .hold(
            HeldRemoval(
                id: UUID().uuidString.lowercased(), email: email, heldAt: now, idpRequestID: idpRequestID,
                reason: reason))
    }
}
