/// Bounds how many changes hold a pooled connection for their advisory lock at once. A change holds one
/// connection for its lock and needs others while it runs (the recorder, the journal); with every pooled
/// connection held by lock holders, none of them could record and all would wait forever. Waiters beyond
/// the bound queue here, in order, without holding a connection.
actor LockHolderSlots {
    private var free: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(count: Int) { free = max(1, count) }

    /// Runs `body` once a slot is free, and frees it after.
    func withSlot<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await take()
        defer { give() }
        return try await body()
    }

    private func take() async {
        if free > 0 {
            free -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func give() {
        if waiters.isEmpty {
            free += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
