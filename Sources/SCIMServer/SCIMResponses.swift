import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SCIMProtocol

/// Builders for `application/scim+json` responses; every body the server sends goes through here.
enum SCIMResponses {
    static let contentType = "application/scim+json; charset=utf-8"

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response
    {
        var headers = extra
        headers[.contentType] = contentType
        let bytes = value.serialized()
        ResponseCapture.current?.keep(body: bytes)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    static func error(_ error: SCIMError) -> Response {
        var headers: HTTPFields = [:]
        if let retryAfter = error.retryAfter { headers[.retryAfter] = String(retryAfter) }
        if error.status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        if let allow = error.allow { headers[.allow] = allow }
        ResponseCapture.current?.keep(problem: error.detail)
        return json(error.body, status: HTTPResponse.Status(code: error.status), headers: headers)
    }

    static func noContent() -> Response { Response(status: .noContent) }

    static func listResponse(_ resources: [JSONValue], total: Int, startIndex: Int) -> JSONValue {
        .object([
            "schemas": .array([.string(SCIMSchema.listResponse)]),
            "totalResults": .number(Double(total)),
            "startIndex": .number(Double(startIndex)),
            "itemsPerPage": .number(Double(resources.count)),
            "Resources": .array(resources),
        ])
    }
}
