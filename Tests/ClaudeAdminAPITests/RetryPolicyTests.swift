import ClaudeAdminAPI
import Foundation
import ScimifyCore
import Testing

@Suite struct RetryPolicyTests {
    let policy = RetryPolicy(maxRetries: 5, baseDelay: 0.5, maxDelay: 8, maxTotalTime: 60)
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test(arguments: [408, 409, 429, 500, 502, 503, 504, 529])
    func transientStatusesAreRetried(status: Int) {
        #expect(RetryPolicy.isRetryable(status: status))
    }

    @Test(arguments: [400, 401, 402, 403, 404, 413, 422])
    func otherClientErrorsAreNot(status: Int) {
        #expect(!RetryPolicy.isRetryable(status: status))
    }

    @Test func shouldRetryHeaderAndSpendLimitOverrideTheStatus() {
        #expect(RetryPolicy.shouldRetry(status: 400, shouldRetryHeader: "true", errorCode: nil))
        #expect(!RetryPolicy.shouldRetry(status: 503, shouldRetryHeader: "false", errorCode: nil))
        #expect(
            !RetryPolicy.shouldRetry(status: 429, shouldRetryHeader: nil, errorCode: "enforced_spend_limit_reached"))
    }

    @Test func exponentialBackoffWithJitterIsCapped() {
        #expect(policy.delay(retry: 1, retryAfterMilliseconds: nil, retryAfter: nil, now: now, jitter: 1) == 0.5)
        #expect(policy.delay(retry: 1, retryAfterMilliseconds: nil, retryAfter: nil, now: now, jitter: 0) == 0.375)
        #expect(policy.delay(retry: 3, retryAfterMilliseconds: nil, retryAfter: nil, now: now, jitter: 1) == 2)
        #expect(policy.delay(retry: 10, retryAfterMilliseconds: nil, retryAfter: nil, now: now, jitter: 1) == 8)
    }

    @Test func serverHintsWinInOrderMillisecondsSecondsDate() {
        #expect(policy.delay(retry: 1, retryAfterMilliseconds: "1500", retryAfter: "9", now: now, jitter: 1) == 1.5)
        #expect(policy.delay(retry: 1, retryAfterMilliseconds: nil, retryAfter: "2.5", now: now, jitter: 1) == 2.5)
        let date = "Fri, 15 Jan 2027 08:00:30 GMT"
        let base =
            RetryPolicy.serverHint(retryAfterMilliseconds: nil, retryAfter: "Fri, 15 Jan 2027 08:00:00 GMT", now: now)
            ?? 0
        let later = RetryPolicy.serverHint(retryAfterMilliseconds: nil, retryAfter: date, now: now) ?? 0
        #expect(abs(later - base - 30) < 0.001)
        #expect(policy.delay(retry: 1, retryAfterMilliseconds: nil, retryAfter: "3600", now: now, jitter: 1) == 3600)
        #expect(RetryPolicy.serverHint(retryAfterMilliseconds: "-5", retryAfter: "soon", now: now) == nil)
    }
}

@Suite struct TokenBucketTests {
    @Test func burstThenSteadyRate() {
        var bucket = TokenBucket(ratePerMinute: 60, burst: 3)
        #expect(bucket.reserve(at: 0) == 0)
        #expect(bucket.reserve(at: 0) == 0)
        #expect(bucket.reserve(at: 0) == 0)
        #expect(abs(bucket.reserve(at: 0) - 1) < 1e-9)
        #expect(abs(bucket.reserve(at: 0) - 2) < 1e-9)
        #expect(abs(bucket.reserve(at: 10) - 0) < 1e-9)  // refilled
    }

    @Test func defaultsNeverExceedOneHundredInAnySixtySecondWindow() {
        var bucket = TokenBucket()
        var sendTimes: [Double] = []
        var clock = 0.0
        for _ in 0..<400 {
            let wait = bucket.reserve(at: clock)
            sendTimes.append(clock + wait)
            clock += 0.01  // callers arrive far faster than the limit
        }
        for (index, start) in sendTimes.enumerated() {
            let inWindow = sendTimes[index...].prefix { $0 < start + 60 }.count
            #expect(inWindow <= 100)
        }
    }
}

/// A waiter that wakes too late (the machine stalled) takes a fresh turn instead of sending together with
/// every other waiter the stall released; one that wakes on time sends; the retries are bounded.
@Suite struct PacingTurnTests {
    final class Script: @unchecked Sendable {
        var clock = 0.0
        var reservations = 0
    }

    @Test func aLateWakeTakesAFreshTurnAndAnOnTimeOneSends() async throws {
        let late = Script()
        let waited = try await PacingTurn.take(
            reserve: {
                late.reservations += 1
                return 0.001
            },
            now: {
                late.clock += late.reservations == 1 ? 1.0 : 0.0005  // the first sleep overruns by a second
                return late.clock
            })
        #expect(late.reservations == 2)
        #expect(waited > 0)
        let onTime = Script()
        _ = try await PacingTurn.take(
            reserve: {
                onTime.reservations += 1
                return 0.001
            }, now: { onTime.clock })
        #expect(onTime.reservations == 1)
        let stalled = Script()
        _ = try await PacingTurn.take(
            reserve: {
                stalled.reservations += 1
                return 0.001
            },
            now: {
                stalled.clock += 5
                return stalled.clock
            })
        #expect(stalled.reservations == 4, "a machine that never catches up still sends after four turns")
        let free = Script()
        #expect(
            try await PacingTurn.take(
                reserve: {
                    free.reservations += 1
                    return 0
                }, now: { 0 }) == 0)
        #expect(free.reservations == 1)
    }
}
