import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOFoundationCompat

/// A loopback HTTP server that speaks the Anthropic Admin API wire format for members, invites and org
/// info, with test-control routes under `/_sim/`. Used by tests, benchmarks and `scimify demo`.
public struct AdminAPISimulator: Sendable {
    /// Where to listen and what to start with.
    public struct Configuration: Sendable {
        public var host: String
        /// 0 picks a free port; ``run(onRunning:)`` reports the real one.
        public var port: Int
        public var seed: SimulatorSeed
        public var mode: SimulatedOrganization.ProvisioningMode
        /// The `x-api-key` values accepted.
        public var adminKeys: [String]
        /// Keys that may read but not write (an Enterprise key without `write:members`): writes get 403.
        public var readOnlyKeys: [String]
        public var limits: SimulatorTraffic.Limits

        /// The key accepted when none is configured. It only opens a loopback simulator.
        public static let defaultAdminKey = "sk-ant-admin01-simulator-local-only"

        public init(
            host: String = "127.0.0.1",
            port: Int = 0,
            seed: SimulatorSeed = .demo,
            mode: SimulatedOrganization.ProvisioningMode = .inviteOnly,
            adminKeys: [String] = [Configuration.defaultAdminKey],
            readOnlyKeys: [String] = [],
            limits: SimulatorTraffic.Limits = SimulatorTraffic.Limits()
        ) {
            self.readOnlyKeys = readOnlyKeys
            self.host = host
            self.port = port
            self.seed = seed
            self.mode = mode
            self.adminKeys = adminKeys
            self.limits = limits
        }
    }

    public let configuration: Configuration
    /// The members, invites, clock and mode.
    public let organization: SimulatedOrganization
    /// Rate limits, faults and request counts.
    public let traffic: SimulatorTraffic
    let logger: Logger

    /// Builds a simulator and loads its seed.
    public init(configuration: Configuration = Configuration(), logger: Logger? = nil) async {
        self.configuration = configuration
        self.organization = SimulatedOrganization()
        self.traffic = SimulatorTraffic()
        var fallback = Logger(label: "scimify.simulator")
        fallback.logLevel = .warning
        self.logger = logger ?? fallback
        await organization.reset(seed: configuration.seed)
        await organization.setMode(configuration.mode)
        await traffic.setLimits(configuration.limits)
    }

    /// The Hummingbird application serving the simulator; run it in a `ServiceGroup` or with `runService()`.
    /// - Parameter onRunning: called with the bound port once the server listens.
    public func application(onRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        let router = Router(context: SimulatorContext.self)
        addAPIRoutes(to: router)
        addOffboardingRoutes(to: router)
        addControlRoutes(to: router)
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    /// Runs until the task is cancelled or a shutdown signal arrives.
    public func run(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(onRunning: onRunning).runService()
    }

    // MARK: - Responses

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, requestID: String) -> Response {
        let data = (try? JSONEncoder().encode(value)) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[HTTPField.Name("request-id")!] = requestID
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(data: data)))
    }

    static func error(_ failure: SimulatorFailure, requestID: String) -> Response {
        let body = SimErrorJSON(
            error: .init(
                type: failure.type,
                message: failure.message,
                details: failure.code.map { .init(error_code: $0) }
            ),
            request_id: requestID
        )
        var response = json(body, status: HTTPResponse.Status(code: failure.status), requestID: requestID)
        if let retryAfter = failure.retryAfter {
            response.headers[HTTPField.Name("retry-after")!] = String(retryAfter)
        }
        return response
    }
}

/// The request context: Hummingbird's core storage plus the channel, so a fault can drop the connection.
struct SimulatorContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }
}
