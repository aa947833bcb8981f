import Hummingbird
import SCIMProtocol

/// The query parameters of SCIM reads and change responses.
struct SCIMQuery {
    var filter: String?
    var startIndex: Int?
    var count: Int?
    var attributes: [String] = []
    var excludedAttributes: [String] = []

    /// Reads `filter`, `startIndex`, `count`, `attributes`, `excludedAttributes` (names case-insensitive).
    /// - Throws: `invalidValue` for a non-integer `startIndex` or `count`.
    init(_ request: Request) throws(SCIMError) {
        for (key, value) in request.uri.queryParameters {
            switch key.lowercased() {
            case "filter": filter = String(value)
            case "startindex":
                guard let number = Int(value) else { throw .invalidValue("startIndex must be an integer") }
                startIndex = number
            case "count":
                guard let number = Int(value) else { throw .invalidValue("count must be an integer") }
                count = number
            case "attributes": attributes = value.split(separator: ",").map(String.init)
            case "excludedattributes": excludedAttributes = value.split(separator: ",").map(String.init)
            default: continue
            }
        }
    }
}
