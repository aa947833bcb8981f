import Foundation
import HTTPTypes
import Hummingbird
import Logging
import SCIMProtocol
import ScimifyCore

/// Turns every failure, including the framework's own 404/405/413, into a SCIM Error body with
/// `application/scim+json`, counts responses for `/metrics`, and logs one line per SCIM request
/// (``SCIMRequestLogLine``; `/healthz` and `/metrics` are not logged).
struct SCIMErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    @concurrent
    func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let started = ContinuousClock.now
        let recorded = RecordedEvents()
        let response: Response
        do {
            response = try await RequestTrace.$recorded.withValue(recorded) { try await next(request, context) }
        } catch let error as SCIMError {
            response = SCIMResponses.error(error)
        } catch let error as HTTPError {
            let status = Int(error.status.code)
            let detail: String
            switch status {
            case 404: detail = "no such resource"
            case 405: detail = "method not allowed on this resource"
            case 413: detail = "the request body is larger than 1 MiB"
            default: detail = error.body ?? error.status.reasonPhrase
            }
            response = SCIMResponses.error(SCIMError(status: status, detail: detail))
        } catch {
            context.logger.error("unexpected error serving SCIM", metadata: ["error": "\(type(of: error))"])
            response = SCIMResponses.error(SCIMError(status: 500, detail: "internal error"))
        }
        let duration = started.duration(to: .now)
        let route = ServerMetrics.route(request.uri.path)
        metrics.recordRequest(
            route: route, method: ServerMetrics.method(request.method.rawValue), status: Int(response.status.code),
            duration: duration)
        if route != "/healthz", route != "/metrics" {
            context.logger.info(
                "scim request",
                metadata: SCIMRequestLogLine.metadata(
                    request, status: Int(response.status.code), duration: duration, events: recorded.all))
        }
        return response
    }
}
