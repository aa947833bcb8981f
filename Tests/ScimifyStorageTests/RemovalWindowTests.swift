import Foundation
import ScimifyCore
import ScimifyStorage
import Testing

/// The mass-removal guard's window and verdict.
struct RemovalWindowTests {
    let window = RemovalWindow(
        policy: RemovalGuardPolicy(maxRemovals: 3, windowMinutes: 15), now: PlanFixtures.t0)

    @Test func theWindowStartsTheConfiguredMinutesAgo() {
        #expect(window.start == PlanFixtures.t0.addingTimeInterval(-900))
    }

    @Test func slotsAreTakenUpToTheLimitThenTheRemovalIsHeldWithItsReason() {
        for taken in 0..<3 {
            #expect(
                window.verdict(taken: taken, email: "a@acme.example", idpRequestID: nil) == .takeSlot(at: window.now))
        }
        guard case .hold(let held) = window.verdict(taken: 3, email: "a@acme.example", idpRequestID: "okta-1") else {
            Issue.record("the fourth removal was let through")
            return
        }
        #expect(held.email == "a@acme.example" && held.idpRequestID == "okta-1" && held.heldAt == window.now)
        #expect(held.reason.contains("3 removals from the IdP in the last 15 minutes (the limit is 3)"))
        #expect(held.reason.contains("Claude was not changed"))
    }
}
