import ScimifyCore

/// How both stores write a ``LoggedRequest``: every text field capped and ``StoredText/storable(_:)`` (NUL as
/// U+FFFD), request-ids without commas, and the person's key for lookups.
package enum RequestLogCaps {
    package static let slug = 200
    package static let method = 16
    package static let route = 200
    package static let path = 2000
    package static let idpRequestID = 200
    package static let person = 320
    package static let outcome = 64
    package static let problem = 2000
    package static let requestID = 200
    package static let headers = 4000
    /// A body is already cut at ``RequestLogRedaction/bodyLimit`` bytes; this bounds it in characters too.
    package static let body = RequestLogRedaction.bodyLimit + 64

    /// `request` as both stores write it.
    package static func storable(_ request: LoggedRequest) -> LoggedRequest {
        var request = request
        request.instanceSlug = request.instanceSlug.map { StoredText.storable($0, limit: slug) }
        request.method = StoredText.storable(request.method, limit: method)
        request.route = StoredText.storable(request.route, limit: route)
        request.path = StoredText.storable(request.path, limit: path)
        request.idpRequestID = request.idpRequestID.map { StoredText.storable($0, limit: idpRequestID) }
        request.person = request.person.map { StoredText.storable($0, limit: person) }
        request.outcome = StoredText.storable(request.outcome, limit: outcome)
        request.problem = request.problem.map { StoredText.storable($0, limit: problem) }
        request.anthropicRequestIDs = request.anthropicRequestIDs.map {
            StoredText.storable(String($0.prefix { $0 != "," }), limit: requestID)
        }.filter { !$0.isEmpty }
        request.requestHeaders = StoredText.storable(request.requestHeaders, limit: headers)
        request.requestBody = StoredText.storable(request.requestBody, limit: body)
        request.responseBody = StoredText.storable(request.responseBody, limit: body)
        return request
    }

    /// The key a person is filed and found under (an email or userName folded as the records are).
    package static func personKey(_ person: String?) -> String? { person.map { StoredText.key($0) } }
}
