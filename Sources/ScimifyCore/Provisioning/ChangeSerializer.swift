/// Runs changes to one email one at a time.
///
/// The in-process implementation is ``InProcessChangeSerializer``; the store supplies one that also
/// serializes across processes sharing a database.
public protocol ChangeSerializer: Sendable {
    /// Runs `body` while no other change to the same key runs.
    /// - Parameters:
    ///   - key: the normalised email (``EmailAddress/key(_:)``).
    ///   - body: the change.
    func withExclusiveAccess<T: Sendable>(
        to key: String,
        _ body: @Sendable () async throws -> T
    ) async throws -> T
}

/// Serializes changes per key within one process, first come first served.
public actor InProcessChangeSerializer: ChangeSerializer {
    private var busy: Set<String> = []
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    public init() {}

    public nonisolated func withExclusiveAccess<T: Sendable>(
        to key: String,
        _ body: @Sendable () async throws -> T
    ) async throws -> T {
        await acquire(key)
        do {
            let result = try await body()
            await release(key)
            return result
        } catch {
            await release(key)
            throw error
        }
    }

    private func acquire(_ key: String) async {
        if busy.insert(key).inserted { return }
        await withCheckedContinuation { continuation in
            waiters[key, default: []].append(continuation)
        }
    }

    private func release(_ key: String) {
        if var queue = waiters[key], !queue.isEmpty {
            let next = queue.removeFirst()
            waiters[key] = queue.isEmpty ? nil : queue
            next.resume()  // ownership passes to the next waiter; `busy` keeps the key
        } else {
            busy.remove(key)
        }
    }
}
