import Foundation
import Logging
import SCIMServer
import ScimifyStorage
import ServiceLifecycle

/// `scimify serve`'s request-log writer: writes the queued SCIM requests to the store every
/// ``flushInterval`` (one short transaction each), applies the retention every ``pruneInterval`` (in batches,
/// ``ScimifyStorage/StorePort/pruneRequestLog(_:now:)``), and writes what is still queued when the server
/// stops. Neither ever waits on an IdP request nor makes one wait.
struct RequestLogService: Service {
    let writer: RequestLogWriter
    let store: any StorePort
    let retention: RequestLogRetention
    let logger: Logger
    var flushInterval: Duration = .milliseconds(200)
    var pruneInterval: Duration = .seconds(60)

    func run() async throws {
        var sincePrune = pruneInterval  // prune once at start: a restarted server may find an old log
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            await writer.flush(to: store, logger: logger)
            if sincePrune >= pruneInterval {
                sincePrune = .zero
                await prune()
            }
            try? await Task.sleep(for: flushInterval)
            sincePrune += flushInterval
        }
        // Requests answered while the server drained are written before it stops.
        await writer.flush(to: store, logger: logger)
    }

    private func prune() async {
        do {
            let pruning = try await store.pruneRequestLog(retention, now: Date())
            if pruning.deleted > 0 {
                logger.info(
                    "request log pruned",
                    metadata: ["deleted": "\(pruning.deleted)", "batches": "\(pruning.batches)"])
            }
        } catch {
            logger.warning(
                "the request log could not be pruned", metadata: ["error": "\(String(describing: error))"])
        }
    }
}
