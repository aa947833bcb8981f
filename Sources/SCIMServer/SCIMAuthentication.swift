import Foundation
import HTTPTypes
import Hummingbird
import SCIMProtocol
import ScimifyCore
import ScimifyRuntime

/// Authenticates every request under `/instances/:slug/scim/v2` by that instance's bearer token only (a valid
/// token of another instance is refused) and puts the instance's runtime into the request context.
struct SCIMAuthentication: RouterMiddleware {
    typealias Context = SCIMRequestContext
    let server: SCIMServer

    @concurrent
    func handle(_ request: Request, context: Context, next: @concurrent (Request, Context) async throws -> Response)
        async throws -> Response
    {
        var context = context
        let slug = context.parameters.get("slug") ?? ""
        let instance = try await authenticate(request, slug: slug)
        do {
            context.runtime = try await server.runtimes.runtime(for: instance)
        } catch {
            throw SCIMError(
                status: 503,
                detail: "instance \(instance.slug) cannot use its Admin API key: \(OperatorMessage.of(error))",
                retryAfter: 30)
        }
        let root =
            server.configuration.publicBaseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            ?? "http://\(request.head.authority ?? "\(server.configuration.host):\(server.configuration.port)")"
        context.baseURL = root + "/instances/\(instance.slug)/scim/v2"
        return try await next(request, context)
    }

    private func authenticate(_ request: Request, slug: String) async throws(SCIMError) -> Instance {
        let unauthorized = SCIMError(status: 401, detail: "a valid bearer token for this instance is required")
        // Parsed over the string itself (HTTP's optional whitespace is spaces and tabs): Foundation's trimming was
        // a visible share of every SCIM request.
        guard var header = request.headers[.authorization].map({ Self.trimmingOptionalWhitespace($0) }),
            !header.isEmpty
        else {
            throw unauthorized
        }
        if header.utf8.count > 7, header.utf8.prefix(7).elementsEqual("bearer ".utf8, by: { $0 | 0x20 == $1 }) {
            header = Self.trimmingOptionalWhitespace(header.dropFirst(7))
        }
        guard header.hasPrefix("scimify_"), header.count < 200 else { throw unauthorized }
        do {
            guard Instance.isValidSlug(slug),
                let instance = try await server.authentication.instance(
                    slug: slug, token: header, fresh: Self.changesClaude(request.method))
            else {
                throw unauthorized
            }
            return instance
        } catch let error as SCIMError {
            throw error
        } catch {
            throw SCIMError(status: 503, detail: "the Scimify store is unavailable; try again", retryAfter: 5)
        }
    }

    /// Whether a request may change Claude (anything but a read): it is authenticated against the store as it is
    /// now, so the instance's settings are read where the change acts, never from the cache.
    static func changesClaude(_ method: HTTPRequest.Method) -> Bool {
        method != .get && method != .head && method != .options
    }

    /// `text` without leading and trailing spaces and tabs.
    static func trimmingOptionalWhitespace<Text: StringProtocol>(_ text: Text) -> String {
        let isWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = text.firstIndex(where: { !isWhitespace($0) }),
            let end = text.lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        return String(text[start...end])
    }
}
