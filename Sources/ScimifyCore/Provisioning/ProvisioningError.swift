/// Why a provisioning change was refused or failed, in words an operator can act on.
///
/// Every error carries an operator-readable ``message`` and, when the Admin API answered, its
/// ``requestID``. The message never contains a credential.
public struct ProvisioningError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad class of failure; callers map it to exit codes and HTTP statuses.
    public enum Kind: String, Sendable, Equatable {
        /// A requested role that is not provisionable (and not `admin`).
        case invalidRole
        /// `admin` was requested.
        case adminNotAssignable
        /// The target holds an admin/owner (or unknown) role that Scimify must not change or remove.
        case protectedMember
        /// An email address that cannot be provisioned.
        case invalidEmail
        /// The organization's SSO configuration provisions members itself (JIT or SCIM mode).
        case ssoManagesMembers
        /// HTTP 401: the key is wrong, revoked or expired.
        case authentication
        /// HTTP 403: the key lacks a scope or is the wrong kind of credential.
        case permission
        /// No member or invite matches.
        case notFound
        /// The API kept answering 429 after the client's retries.
        case rateLimited
        /// The API kept failing (5xx, 529, timeouts, dropped connections) after the client's retries.
        case unavailable
        /// Any other refusal by the API (a 4xx with its own message).
        case rejected
        /// The API answered with something the client could not understand.
        case invalidResponse
        /// What the operator acted on is no longer what Claude has ("changed since you looked"); nothing was sent.
        case stale
    }

    public let kind: Kind
    public let message: String
    public let requestID: String?
    public let httpStatus: Int?
    /// `error.details.error_code` from the API, when it sent one.
    public let errorCode: String?
    /// Seconds the caller should wait before trying again (rate limits, outages).
    public let retryAfter: Double?
    /// Request-ids of the earlier steps of the same change that did succeed (a cancel before a refused
    /// re-invite), so the audit row shows every call that was made.
    public var earlierRequestIDs: [String] = []
    /// What the change learned of Claude's state before it failed (a lookup that found no member, the invites
    /// listed): the recorder corrects the mirror with it even though the change itself was not made.
    public var found = LiveFindings()
    /// The operator named something by an id that does not exist (a problem, a held removal): the command
    /// line's usage error (exit 2), not a refusal.
    public var namesUnknownID = false

    /// Every request-id of the change: the earlier steps', then this error's own.
    public var allRequestIDs: [String] { earlierRequestIDs + (requestID.map { [$0] } ?? []) }

    public init(
        kind: Kind,
        message: String,
        requestID: String? = nil,
        httpStatus: Int? = nil,
        errorCode: String? = nil,
        retryAfter: Double? = nil
    ) {
        self.kind = kind
        self.message = message
        self.requestID = requestID
        self.httpStatus = httpStatus
        self.errorCode = errorCode
        self.retryAfter = retryAfter
    }

    /// The message, followed by the upstream request-id when there is one.
    public var description: String {
        guard let requestID else { return message }
        return "\(message) (request-id: \(requestID))"
    }

    /// The API answered with a definitive refusal (a 4xx other than 408/409/429), so the change was not made.
    /// Timeouts, outages and exhausted retries leave the outcome unknown.
    public var changeCertainlyNotMade: Bool {
        guard let httpStatus else { return kind != .unavailable && kind != .rateLimited && kind != .invalidResponse }
        return (400..<500).contains(httpStatus) && ![408, 409, 429].contains(httpStatus)
    }

    /// Refused by a rule of Scimify or by the API (as opposed to an outage or a credential problem).
    public var isRefusal: Bool {
        switch kind {
        case .invalidRole, .adminNotAssignable, .protectedMember, .invalidEmail, .ssoManagesMembers, .notFound,
            .rejected, .stale:
            true
        case .authentication, .permission, .rateLimited, .unavailable, .invalidResponse:
            false
        }
    }
}

extension ProvisioningError {
    /// `no <what> with id "<id>"`: an id the operator typed that names nothing.
    public static func unknownID(_ what: String, _ id: String) -> ProvisioningError {
        var error = ProvisioningError(kind: .notFound, message: "no \(what) with id \(SafeText.quoted(id, limit: 80))")
        error.namesUnknownID = true
        return error
    }

    /// The exact refusal for `admin` that every path shows.
    public static let adminRefusalMessage =
        "admin cannot be assigned through Scimify; create admins directly in Claude"

    /// The explanation shown when the organization's SSO configuration refuses API provisioning.
    public static let ssoRemedyMessage =
        "Claude refused the invite because the organization's SSO configuration automatically manages members "
        + "(JIT or SCIM provisioning is on). Either switch Claude's user provisioning to \"Invite only\" "
        + "(Organization settings > Organization and access > User provisioning), or keep JIT and disable "
        + "\"Create users\" for this app in the identity provider."

    /// `admin` was requested.
    public static func adminNotAssignable() -> ProvisioningError {
        ProvisioningError(kind: .adminNotAssignable, message: adminRefusalMessage)
    }

    /// A role outside the provisionable set was requested.
    /// - Parameter requested: the role text as given; it is quoted safely and shortened.
    public static func invalidRole(_ requested: String) -> ProvisioningError {
        ProvisioningError(
            kind: .invalidRole,
            message: "unknown role \(SafeText.quoted(requested)); valid roles are \(ClaudeRole.provisionableList)"
        )
    }

    /// The member holds a role Scimify never changes or removes.
    public static func protectedMember(email: String, role: ClaudeRole, action: String) -> ProvisioningError {
        ProvisioningError(
            kind: .protectedMember,
            message: "\(SafeText.quoted(email)) has the role \(SafeText.quoted(role.rawValue)), which Scimify does not "
                + "\(action); make that change directly in Claude"
        )
    }

    /// The email address is empty, too long or malformed.
    public static func invalidEmail(_ email: String, reason: String) -> ProvisioningError {
        ProvisioningError(kind: .invalidEmail, message: "invalid email \(SafeText.quoted(email)): \(reason)")
    }

    /// The member or invite the operator acted on changed since it was shown; nothing was sent.
    public static func stale(email: String, saw: String, now: String) -> ProvisioningError {
        ProvisioningError(
            kind: .stale,
            message: "\(SafeText.quoted(email)) changed since you looked (you saw \(saw); Claude now has \(now)); "
                + "nothing was changed: reload and look again"
        )
    }

    /// No member and no pending invite matches the email.
    public static func notFound(email: String) -> ProvisioningError {
        ProvisioningError(
            kind: .notFound,
            message: "\(SafeText.quoted(email)) is neither a member nor invited to the organization"
        )
    }
}

extension ProvisioningError {
    /// The organization has no workspace or API-key endpoints: an Enterprise admin key reaches only members,
    /// invites and groups (spec §12). What it gets from those paths is UNVERIFIED ("expect 403, or 400
    /// `organization_type_not_supported`"), so a 403, a 404, or a 400 naming the organization type counts;
    /// any other 400 is a real refusal (a bad parameter of ours must not pass for "nothing to offboard").
    public var meansNoKeyEndpoints: Bool {
        switch httpStatus {
        case 403, 404: true
        case 400: (errorCode ?? message).lowercased().contains("organization_type")
        default: false
        }
    }
}
