import Foundation
import ScimifyCore
import Testing

@testable import Console

/// A change in flight that waits for the Admin API's rate limit says so in the status line, with the
/// seconds left, and the line goes back to normal when the wait ends.
@Suite struct ConsoleRateLimitTests {
    @Test func theBusyLineCountsDownARateLimitWait() {
        var state = ConsoleFixtures.state()
        state.press(.character("2"), .character("X"), .character("y"))
        #expect(state.busy != nil)
        _ = ConsoleReducer.reduce(&state, .rateLimitWait(until: ConsoleFixtures.now.addingTimeInterval(37)))
        #expect(ConsoleScreen.render(state).text(row: 28).contains("rate limited by the Admin API: waiting 37 s"))
        _ = ConsoleReducer.reduce(&state, .tick(ConsoleFixtures.now.addingTimeInterval(10)))
        #expect(ConsoleScreen.render(state).text(row: 28).contains("waiting 27 s"))
        _ = ConsoleReducer.reduce(&state, .rateLimitWait(until: nil))
        let line = ConsoleScreen.render(state).text(row: 28)
        #expect(!line.contains("rate limited") && line.contains("other work waits"))
    }
}
