import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SCIMProtocol
import ScimifyCore
import ScimifyStorage

/// Turns every failure, including the framework's own 404/405/413, into a SCIM Error body with
/// `application/scim+json`, counts responses for `/metrics`, and logs one line per SCIM request
/// (``SCIMRequestLogLine``) and queues its request-log row (``LoggedRequestBuilder``, ``RequestLogWriter``) without
/// waiting for it; `/healthz` and `/metrics` are neither logged nor kept.
struct SCIMErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    /// Where each SCIM request's log row goes (`nil`: not kept).
    let requestLog: RequestLogWriter?

    @concurrent
    func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let started = ContinuousClock.now
        let recorded = RecordedEvents()
        let answer = ResponseCapture()
        let logged = route(request.uri.path) != nil
        var request = request
        var requestBody = Data()
        let response: Response
        do {
            if logged, request.method == .post || request.method == .put || request.method == .patch {
                // Read here (the handler reads the same buffer) so the log keeps what arrived, even when the
                // handler refuses it.
                do {
                    requestBody = Data(
                        try await request.collectBody(upTo: SCIMServer.maximumBodyBytes).readableBytesView)
                } catch {
                    throw SCIMError(status: 413, detail: "the request body is larger than 1 MiB")
                }
            }
            let handled = request
            response = try await ResponseCapture.$current.withValue(answer) {
                try await RequestTrace.$recorded.withValue(recorded) { try await next(handled, context) }
            }
        } catch let error as SCIMError {
            response = ResponseCapture.$current.withValue(answer) { SCIMResponses.error(error) }
        } catch let error as HTTPError {
            let status = Int(error.status.code)
            let detail: String
            switch status {
            case 404: detail = "no such resource"
            case 405: detail = "method not allowed on this resource"
            case 413: detail = "the request body is larger than 1 MiB"
            default: detail = error.body ?? error.status.reasonPhrase
            }
            response = ResponseCapture.$current.withValue(answer) {
                SCIMResponses.error(SCIMError(status: status, detail: detail))
            }
        } catch {
            context.logger.error("unexpected error serving SCIM", metadata: ["error": "\(type(of: error))"])
            response = ResponseCapture.$current.withValue(answer) {
                SCIMResponses.error(SCIMError(status: 500, detail: "internal error"))
            }
        }
        let duration = started.duration(to: .now)
        let route = ServerMetrics.route(request.uri.path)
        metrics.recordRequest(
            route: route, method: ServerMetrics.method(request.method.rawValue), status: Int(response.status.code),
            duration: duration)
        if logged {
            let events = recorded.all
            let status = Int(response.status.code)
            context.logger.info(
                "scim request",
                metadata: SCIMRequestLogLine.metadata(request, status: status, duration: duration, events: events))
            requestLog?.submit(
                LoggedRequestBuilder.entry(
                    request, requestBody: requestBody, status: status, duration: duration, events: events,
                    answer: answer, at: Date()))
        }
        return response
    }

    /// Whether a path is a SCIM request (logged and kept), not the server's own `/healthz` or `/metrics`.
    private func route(_ path: String) -> String? {
        let route = ServerMetrics.route(path)
        return route == "/healthz" || route == "/metrics" ? nil : route
    }
}
