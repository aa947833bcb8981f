/// An Admin API error the simulator answers with: status, `error.type`, message and optional `error_code`.
struct SimulatorFailure: Error, Sendable {
    let status: Int
    let type: String
    let message: String
    let code: String?
    var retryAfter: Int? = nil

    static func invalid(_ message: String, code: String? = nil) -> SimulatorFailure {
        SimulatorFailure(status: 400, type: "invalid_request_error", message: message, code: code)
    }

    static func notFound(_ what: String) -> SimulatorFailure {
        SimulatorFailure(status: 404, type: "not_found_error", message: "\(what) not found", code: nil)
    }

    static let authentication = SimulatorFailure(
        status: 401,
        type: "authentication_error",
        message: "invalid x-api-key",
        code: nil
    )

    static func scopeMissing(_ scope: String) -> SimulatorFailure {
        SimulatorFailure(
            status: 403,
            type: "permission_error",
            message: "API key is missing the required scope \(scope)",
            code: "api_key_scope_missing"
        )
    }

    /// What this simulator answers on the workspace and API-key paths of an Enterprise organization. The real
    /// answer is UNVERIFIED (spec §12: "expect 403, or 400 organization_type_not_supported"); the client treats
    /// both the same way.
    static let organizationTypeNotSupported = SimulatorFailure.invalid(
        "This endpoint is not available for your organization type.", code: "organization_type_not_supported")

    static let ssoManaged = SimulatorFailure.invalid(
        "Your organization's SSO configuration automatically manages members. You cannot provision users via the API."
    )

    static func rateLimited(retryAfter: Int) -> SimulatorFailure {
        var failure = SimulatorFailure(
            status: 429,
            type: "rate_limit_error",
            message: "Number of requests has exceeded your rate limit. Please try again later.",
            code: nil
        )
        failure.retryAfter = retryAfter
        return failure
    }

    static let internalError = SimulatorFailure(
        status: 500,
        type: "api_error",
        message: "Internal server error",
        code: nil
    )

    static let overloaded = SimulatorFailure(status: 529, type: "overloaded_error", message: "Overloaded", code: nil)
}
