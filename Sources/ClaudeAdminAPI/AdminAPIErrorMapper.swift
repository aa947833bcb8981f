import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOFoundationCompat
import NIOPosix
import ScimifyCore

/// Turns Admin API error responses and transport failures into ``ScimifyCore/ProvisioningError``s.
enum AdminAPIErrorMapper {
    /// Maps a non-2xx response. Branches on status, `error.type` and `error.details.error_code`; the
    /// message is the API's own text (neutralised), prefixed with what failed.
    static func error(status: Int, body: ByteBuffer, requestID: String?, endpoint: String) -> ProvisioningError {
        let envelope = try? JSONDecoder().decode(ErrorEnvelopeWire.self, from: body)
        let type = envelope?.error?.type
        let code = envelope?.error?.details?.error_code
        let apiMessage = envelope?.error?.message.map { SafeText.neutralized($0, limit: 300) }
        let requestID = requestID ?? envelope?.request_id
        let detail = apiMessage.map { ": \($0)" } ?? ""
        func make(_ kind: ProvisioningError.Kind, _ message: String) -> ProvisioningError {
            ProvisioningError(kind: kind, message: message, requestID: requestID, httpStatus: status, errorCode: code)
        }
        switch status {
        case 401:
            return make(
                .authentication,
                "the Admin API key was rejected (HTTP 401): it is wrong, revoked or expired; create a new admin key "
                    + "and store it again"
            )
        case 403:
            return make(
                .permission,
                "the Admin API key may not do this (HTTP 403\(code.map { ", \($0)" } ?? "")): it lacks a scope such "
                    + "as write:members, or is not an admin key\(detail)"
            )
        case 404:
            return make(.notFound, "\(endpoint): not found (HTTP 404)\(detail)")
        case 400 where isSSOManaged(message: apiMessage, code: code):
            return make(.ssoManagesMembers, ProvisioningError.ssoRemedyMessage)
        case 429:
            return make(.rateLimited, "the Admin API rate limit was reached (HTTP 429)\(detail)")
        case 408, 500...599:
            return make(
                .unavailable,
                "the Admin API is unavailable (HTTP \(status)\(type.map { " \($0)" } ?? ""))\(detail)"
            )
        case 413:
            return make(.rejected, "\(endpoint): request too large (HTTP 413)")
        default:
            let codeText = code.map { " \($0)" } ?? ""
            return make(.rejected, "the Admin API refused \(endpoint) (HTTP \(status)\(codeText))\(detail)")
        }
    }

    /// Maps a transport failure (refused connection, timeout, dropped connection); `retryable` is false when
    /// no connection could be made and trying again at once would not change that (``cannotConnect(_:)``).
    static func networkError(_ error: any Error, baseURL: String, endpoint: String)
        -> (error: ProvisioningError, retryable: Bool)
    {
        if let cannot = cannotConnect(error) {
            let failure = ProvisioningError(
                kind: .unavailable, message: "cannot connect to \(SafeText.neutralized(baseURL)): \(cannot)")
            return (failure, false)
        }
        let reason: String
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .connectTimeout: reason = "timed out"
            case .remoteConnectionClosed: reason = "the connection was closed before a response"
            default: reason = "\(client)"
            }
        } else {
            reason = String(describing: error)
        }
        let failure = ProvisioningError(
            kind: .unavailable,
            message: "could not reach the Admin API at \(SafeText.neutralized(baseURL)) for \(endpoint): "
                + SafeText.neutralized(reason, limit: 200)
        )
        return (failure, true)
    }

    /// Why no connection could be made when nothing will change by trying again at once (the port is closed,
    /// the name does not resolve, no route): the client fails at once instead of retrying for seconds.
    /// Resets and timeouts are not among these: they are retried. `nil` for anything else.
    static func cannotConnect(_ error: any Error) -> String? {
        if let io = error as? IOError {
            switch io.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ENETUNREACH, EHOSTUNREACH: return "no route to the host"
            default: return nil
            }
        }
        if let failure = error as? NIOConnectionError {
            if failure.connectionErrors.isEmpty, failure.dnsAError != nil || failure.dnsAAAAError != nil {
                return "the host name does not resolve"
            }
            let reasons = failure.connectionErrors.compactMap { cannotConnect($0.error) }
            return reasons.count == failure.connectionErrors.count ? reasons.first : nil
        }
        if let address = error as? SocketAddressError, case .unknown = address {
            return "the host name does not resolve"
        }
        return nil
    }

    /// The JIT/SCIM refusal has no published error code: HTTP 400 whose message says the SSO configuration
    /// automatically manages members.
    static func isSSOManaged(message: String?, code: String?) -> Bool {
        guard let message = message?.lowercased() else { return false }
        return message.contains("automatically manages members")
            || (message.contains("sso configuration") && message.contains("provision"))
    }
}

extension ProvisioningError {
    /// The error reported after the retries ran out: rate limits become `.rateLimited`, everything else
    /// `.unavailable`, keeping the last request-id and a retry hint for SCIM callers.
    func exhausted(attempts: Int, elapsed: Duration, retryAfter: Double) -> ProvisioningError {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let kind: Kind = kind == .rateLimited ? .rateLimited : .unavailable
        return ProvisioningError(
            kind: kind,
            message: "\(message) (gave up after \(attempts) attempts in \(String(format: "%.1f", seconds)) s)",
            requestID: requestID,
            httpStatus: httpStatus,
            errorCode: errorCode,
            retryAfter: max(retryAfter, 1)
        )
    }

    /// Log metadata: endpoint, status, request-id, kind. Never the key or a request body.
    func logMetadata(endpoint: String) -> Logger.Metadata {
        var metadata: Logger.Metadata = ["endpoint": "\(endpoint)", "kind": "\(kind.rawValue)"]
        if let httpStatus { metadata["status"] = "\(httpStatus)" }
        if let requestID { metadata["request_id"] = "\(requestID)" }
        if let errorCode { metadata["error_code"] = "\(errorCode)" }
        if let idp = RequestTrace.idpRequestID {
            metadata["idp_request_id"] = "\(SafeText.neutralized(idp, limit: 200))"
        }
        return metadata
    }
}
