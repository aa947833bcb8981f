import ClaudeAdminAPI
import Logging
import SCIMServer
import ScimifyCore
import ScimifyPostgres
import ScimifyRuntime
import ScimifyStorage
import ServiceLifecycle

/// Everything `scimify serve` runs, wired in one place for `main` and for the tests (the Hummingbird template's
/// `buildApplication`): the SCIM application over one set of runtimes, the retrier of unfinished changes and, on
/// PostgreSQL, the change feed and the organization's shared request bucket. A test passes other options (a
/// port of 0, quick retries, no background retrier) and runs the same services.
public struct ServeApplication: Sendable {
    /// What the caller chooses; the rest follows from the store.
    public struct Options: Sendable {
        public var server: SCIMServer.Configuration
        /// Pacing and retries of every Admin API client; on PostgreSQL the shared pacer is added here unless set.
        public var settings: ClientSettings
        /// Seconds between checks for unfinished changes (`nil`: no background retrier, as in tests that resume
        /// intents themselves).
        public var intentRetryInterval: Double?

        public init(
            server: SCIMServer.Configuration, settings: ClientSettings = .scimServer(),
            intentRetryInterval: Double? = 30
        ) {
            self.server = server
            self.settings = settings
            self.intentRetryInterval = intentRetryInterval
        }
    }

    public let server: SCIMServer
    public let runtimes: InstanceRuntimes
    private let feed: PostgresChangeFeed?
    private let intentRetryInterval: Double?
    private let requestLogRetention: RequestLogRetention?
    private let logger: Logger

    public init(store: any StorePort, options: Options, logger: Logger) {
        var configuration = options.server
        var settings = options.settings
        if let replicas = store as? PostgresStore {
            feed = PostgresChangeFeed(pool: replicas.pool)
            // The change feed tells this replica of a rotation or a settings change the moment it commits (and
            // drops everything when it reconnects), so authentication is re-read from the database less often.
            configuration.authenticationLifetime = max(configuration.authenticationLifetime, 30)
            if settings.sharedPacer == nil {
                // The Admin API's limit is per organization: every replica takes its turns from one bucket.
                let bucket = settings.pacing
                settings.sharedPacer = { instance in
                    SharedRequestPacer(
                        pool: replicas.pool, organization: "instance-\(instance.id)",
                        ratePerMinute: bucket.ratePerMinute, burst: bucket.burst)
                }
            }
        } else {
            feed = nil
        }
        runtimes = InstanceRuntimes(store: store, settings: settings, logger: logger)
        server = SCIMServer(configuration: configuration, runtimes: runtimes, logger: logger)
        intentRetryInterval = options.intentRetryInterval
        requestLogRetention = configuration.requestLogRetention
        self.logger = logger
    }

    /// The services to run in one `ServiceGroup`; `onRunning` is told the port the SCIM application bound.
    public func services(onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> [any Service] {
        var services: [any Service] = [server.application(onRunning: onRunning)]
        if let intentRetryInterval {
            // Unfinished changes (a CLI killed mid-change, an outage during a re-invite) are finished at start and
            // then retried with backoff while the server runs, each attempt logged and audited.
            services.append(
                IntentRetryService(
                    runtimes: runtimes, initialDelay: .seconds(min(2, intentRetryInterval)),
                    idleInterval: .milliseconds(Int(intentRetryInterval * 1000))))
        }
        if let feed { services.append(ChangeFeedService(feed: feed, server: server)) }
        if let writer = server.requestLog, let retention = requestLogRetention {
            services.append(
                RequestLogService(writer: writer, store: runtimes.store, retention: retention, logger: logger))
        }
        return services
    }
}
