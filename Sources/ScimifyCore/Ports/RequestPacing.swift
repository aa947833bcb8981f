/// Where a client takes its turn before each request: one process's bucket (``RequestPacer``), or a bucket
/// that several processes share because the Admin API's limit is per organization (a store's).
public protocol RequestPacing: Sendable {
    /// Waits until a request may be sent.
    /// - Returns: the seconds waited (0 when a token was available).
    /// - Throws: `CancellationError` when the task is cancelled while waiting, or the shared bucket's error.
    @discardableResult
    func acquire() async throws -> Double
}

/// One request's turn at a token bucket, shared by this process's pacer and the database's.
public enum PacingTurn {
    /// How late a waiter may wake and still send: past it, the request takes a fresh turn.
    public static let lateness = 0.25

    /// Takes a turn with `reserve` (seconds to wait for a token), sleeps for it, and takes a fresh turn when it
    /// woke more than ``lateness`` late (at most 3 times): a machine that stalled wakes every waiter at once,
    /// and sending them together would burst past the limit the bucket keeps.
    /// - Returns: the seconds waited.
    public static func take(reserve: () async throws -> Double, now: () -> Double) async throws -> Double {
        var waited = 0.0
        for attempt in 0..<4 {
            let asked = now()
            let wait = try await reserve()
            guard wait > 0 else { return waited }
            try await Task.sleep(for: .seconds(wait))
            waited += wait
            if now() - (asked + wait) <= lateness || attempt == 3 { return waited }
        }
        return waited
    }
}
