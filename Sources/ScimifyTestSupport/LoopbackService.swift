import Logging
import ServiceLifecycle

/// Runs a server on a free loopback port for the duration of `body`, then shuts it down gracefully
/// (requests in flight finish), whether `body` returns or throws.
/// - Parameters:
///   - label: the logger label; the logger only reports errors.
///   - makeService: builds the service, calling `onRunning` with the bound port once it listens.
///   - body: the work to do while the server runs, given its port.
public func withLoopbackService<T: Sendable>(
    label: String,
    _ makeService: (_ onRunning: @escaping @Sendable (Int) async -> Void) -> any Service,
    _ body: (Int) async throws -> T
) async throws -> T {
    try await withLoopbackServices(label: label, { [makeService($0)] }, body)
}

/// Runs several services in one group for the duration of `body`, which gets the port the first one reports.
public func withLoopbackServices<T: Sendable>(
    label: String,
    _ makeServices: (_ onRunning: @escaping @Sendable (Int) async -> Void) -> [any Service],
    _ body: (Int) async throws -> T
) async throws -> T {
    var logger = Logger(label: label)
    logger.logLevel = .error
    let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
    let group = ServiceGroup(services: makeServices { continuation.yield($0) }, logger: logger)
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw CancellationError() }
        do {
            let result = try await body(port)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}
