import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The tmux servers this test process started and has not stopped. A test's deferred `stop()` runs in a
/// task that may never get to run before the process ends; without this, every such console (polling its
/// store twice a second) outlived the test run. At exit, every server still listed is killed.
enum TmuxServerRegistry {
    private static let sockets = Mutex<Set<String>>([])
    private static let exitHook: Void = {
        atexit { TmuxServerRegistry.killAll() }
    }()

    static func started(_ socket: String) {
        _ = exitHook
        sockets.withLock { _ = $0.insert(socket) }
    }

    static func stopped(_ socket: String) {
        sockets.withLock { _ = $0.remove(socket) }
    }

    /// Kills every listed server (synchronously: this runs while the process exits).
    static func killAll() {
        for socket in sockets.withLock({ $0 }) {
            _ = system("tmux -L '\(socket)' kill-server >/dev/null 2>&1")
        }
    }
}
