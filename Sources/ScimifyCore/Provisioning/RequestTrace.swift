import Synchronization

/// What a change is traced by while it runs, for log lines far from where the request arrived (the client's
/// retries, the core's refusals): the identity provider's own request-id, set by the SCIM server around the
/// request's work, and the audit events the request led to, for its one log line.
public enum RequestTrace {
    @TaskLocal public static var idpRequestID: String?
    /// Set by the SCIM server around each request: every event the core records while serving it.
    @TaskLocal public static var recorded: RecordedEvents?
}

/// The audit events recorded while one request was served, in order (``TracedRecorder`` appends them).
public final class RecordedEvents: Sendable {
    private let events = Mutex<[AuditEvent]>([])

    public init() {}

    public func append(_ event: AuditEvent) { events.withLock { $0.append(event) } }

    public var all: [AuditEvent] { events.withLock { $0 } }
}
