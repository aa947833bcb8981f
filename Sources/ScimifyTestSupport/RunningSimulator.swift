import AdminAPISimulator
import AsyncHTTPClient
import ClaudeAdminAPI
import Logging
import ServiceLifecycle
import Synchronization

/// A simulator serving on a loopback port for the duration of a test or benchmark.
public struct RunningSimulator: Sendable {
    public let simulator: AdminAPISimulator
    public let port: Int

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The key the simulator accepts.
    public var adminKey: AdminAPIKey { AdminAPIKey(AdminAPISimulator.Configuration.defaultAdminKey)! }

    /// A client of this simulator with fast retries and no pacing unless given.
    public func client(
        retry: RetryPolicy = RetryPolicy(maxRetries: 3, baseDelay: 0.01, maxDelay: 0.05, maxTotalTime: 5),
        pacing: TokenBucket = TokenBucket(ratePerMinute: 1_000_000, burst: 1_000_000),
        pageSize: Int = 1000,
        key: AdminAPIKey? = nil,
        statistics: ClientStatistics? = nil
    ) -> AdminAPIClient {
        var logger = Logger(label: "scimify.test.client")
        logger.logLevel = .critical
        return AdminAPIClient(
            key: key ?? adminKey,
            configuration: .init(baseURL: baseURL, retry: retry, pacing: pacing, pageSize: pageSize),
            logger: logger,
            statistics: statistics
        )
    }
}

/// Starts a simulator on a free loopback port, runs `body`, then shuts the server down gracefully.
/// - Parameters:
///   - configuration: seed, mode, limits; the port is forced to 0.
///   - body: the test, given the running simulator.
public func withSimulator<T: Sendable>(
    _ configuration: AdminAPISimulator.Configuration = .init(),
    _ body: @Sendable (RunningSimulator) async throws -> T
) async throws -> T {
    var configuration = configuration
    configuration.port = 0
    let simulator = await AdminAPISimulator(configuration: configuration)
    return try await withLoopbackService(label: "scimify.test.simulator", { simulator.application(onRunning: $0) }) {
        port in
        try await body(RunningSimulator(simulator: simulator, port: port))
    }
}

/// A value behind a lock, for callbacks in tests that must be `Sendable`.
public final class LockedBox<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    public init(_ value: Value) { storage = Mutex(value) }

    public var value: Value { storage.withLock { $0 } }

    public func mutate(_ body: (inout Value) -> Void) { storage.withLock { body(&$0) } }
}
