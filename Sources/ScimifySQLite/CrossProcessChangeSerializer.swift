import Foundation
import Glibc
import ScimifyCore
import ScimifyStorage
import Synchronization

/// Serializes changes to one email across every process sharing the database, not only within one.
///
/// Each email hashes to one of 65,536 byte slots of a lock file beside the database; a change holds a POSIX
/// record lock (`fcntl F_SETLK`) on its slot. Record locks belong to a process, so within a process the slot
/// (not the email) is first serialized by an ``InProcessChangeSerializer``: two emails sharing a slot then
/// simply wait for each other, and one task's unlock can never release another task's lock.
public final class CrossProcessChangeSerializer: ChangeSerializer {
    private let descriptor: Int32
    private let local = InProcessChangeSerializer()
    static let slots: UInt64 = 65_536

    /// - Parameter lockPath: the lock file, created with mode 0600 if missing (`<database>.locks`).
    public init(lockPath: String) throws {
        let fd = Glibc.open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw StoreError("cannot open the lock file \(lockPath): \(String(cString: strerror(errno)))")
        }
        descriptor = fd
    }

    deinit { close(descriptor) }

    private static let opened = Mutex<[String: CrossProcessChangeSerializer]>([:])

    /// The one serializer of this process for `lockPath`. Record locks belong to the process and closing any
    /// descriptor of the file drops all of them, so every runtime of a process must share one (two would
    /// neither exclude each other nor keep their locks).
    public static func shared(lockPath: String) throws -> CrossProcessChangeSerializer {
        try opened.withLock { serializers in
            if let existing = serializers[lockPath] { return existing }
            let serializer = try CrossProcessChangeSerializer(lockPath: lockPath)
            serializers[lockPath] = serializer
            return serializer
        }
    }

    public func withExclusiveAccess<T: Sendable>(to key: String, _ body: @Sendable () async throws -> T) async throws
        -> T
    {
        let slot = Self.slot(for: key)
        return try await local.withExclusiveAccess(to: String(slot)) {
            try await self.lock(slot)
            defer { self.unlock(slot) }
            return try await body()
        }
    }

    /// FNV-1a of the key, folded onto the slot range.
    static func slot(for key: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash % slots
    }

    private func lock(_ slot: UInt64) async throws {
        var delay = 2
        while true {
            var request = flock()
            request.l_type = Int16(F_WRLCK)
            request.l_whence = Int16(SEEK_SET)
            request.l_start = off_t(slot)
            request.l_len = 1
            if fcntl(descriptor, F_SETLK, &request) == 0 { return }
            guard errno == EAGAIN || errno == EACCES || errno == EINTR else {
                throw StoreError("cannot lock a change slot: \(String(cString: strerror(errno)))")
            }
            try await Task.sleep(for: .milliseconds(delay))
            delay = min(delay * 2, 50)
        }
    }

    private func unlock(_ slot: UInt64) {
        var request = flock()
        request.l_type = Int16(F_UNLCK)
        request.l_whence = Int16(SEEK_SET)
        request.l_start = off_t(slot)
        request.l_len = 1
        _ = fcntl(descriptor, F_SETLK, &request)
    }
}
