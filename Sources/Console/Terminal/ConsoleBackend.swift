import Foundation

/// What the console needs from the rest of Scimify: the store snapshot and the upstream work, all through
/// the provisioning core. The executable implements it; tests and the demo use the same implementation.
public protocol ConsoleBackend: Sendable {
    /// Reads the snapshot from the store (no upstream call).
    func load() async throws -> ConsoleSnapshot

    /// The first `rows` rows of each table and the totals, for a fast first screen (`nil`: no preview).
    func preview(rows: Int) async throws -> ConsoleSnapshot?

    /// The organization's name from the Admin API (cached after the first answer), or `nil` if unreachable.
    func organizationName() async -> String?

    /// Performs an upstream effect and returns the event that reports it; `progress` receives
    /// intermediate events (refresh pages) from any thread.
    func perform(_ effect: ConsoleEffect, progress: @escaping @Sendable (ConsoleEvent) -> Void) async -> ConsoleEvent

    /// Performs one item of a bulk action (a single-row change effect), audited with the batch's id.
    func performItem(_ effect: ConsoleEffect, batchID: String) async -> ChangeReport

    /// A number that changes whenever anything (this process or another: `scimify serve`, the CLI) records a
    /// change in the store; polled off the UI loop for live updates. `nil`: the backend cannot tell.
    func changeCounter() async -> Int64?

    /// When the request in flight stops waiting for the Admin API's rate limit (`nil`: it is not waiting);
    /// polled with the change counter for the status line.
    func waitingForRateLimit() async -> Date?
}

extension ConsoleBackend {
    public func changeCounter() async -> Int64? { nil }
    public func waitingForRateLimit() async -> Date? { nil }
}

/// How the console was started.
public struct ConsoleOptions: Sendable {
    public var readOnly: Bool
    public var colors: Bool
    public var mouse: Bool
    /// Where the histories and saved filters are kept (`nil`: nothing is remembered).
    public var memory: ConsoleMemoryFile?
    /// The operator's config file, read and checked.
    public var config: ConsoleConfig

    public init(
        readOnly: Bool, colors: Bool, mouse: Bool, memory: ConsoleMemoryFile? = nil, config: ConsoleConfig = .init()
    ) {
        self.readOnly = readOnly
        self.colors = colors
        self.mouse = mouse
        self.memory = memory
        self.config = config
    }
}
