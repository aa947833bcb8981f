/// One wait for the Admin API's rate limit: which call, how long, and the request-id of the 429.
public struct RateLimitWait: Sendable, Equatable {
    public var endpoint: String
    public var seconds: Double
    public var requestID: String?

    public init(endpoint: String, seconds: Double, requestID: String?) {
        self.endpoint = endpoint
        self.seconds = seconds
        self.requestID = requestID
    }
}
