/// What a change is traced by while it runs, for log lines far from where the request arrived (the client's
/// retries, the core's refusals): the identity provider's own request-id, set by the SCIM server around the
/// request's work.
public enum RequestTrace {
    @TaskLocal public static var idpRequestID: String?
}
