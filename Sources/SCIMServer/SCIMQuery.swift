import Foundation
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
        for (key, value) in try Self.parameters(request.uri.query ?? "") {
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

    /// Form-style query parsing: `+` is a space (curl `--data-urlencode`, many HTTP libraries) and `%2B` a
    /// plus, then percent-decoding; a malformed escape is an `invalidValue`.
    static func parameters(_ query: String) throws(SCIMError) -> [(String, String)] {
        var result: [(String, String)] = []
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) throws(SCIMError) -> String {
                guard let decoded = text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                    throw .invalidValue("malformed percent-encoding in the query")
                }
                return decoded
            }
            result.append((try decode(parts[0]), parts.count > 1 ? try decode(parts[1]) : ""))
        }
        return result
    }
}
