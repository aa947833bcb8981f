import Foundation

/// Random and malformed SCIM requests from a seeded generator, for the fuzz test and the fuzz run.
/// Every case must get a non-5xx answer whose body (when there is one) is a SCIM Error or a resource.
public struct SCIMFuzzer: Sendable {
    /// One request to send.
    public struct Case: Sendable {
        public var method: String
        public var path: String
        public var body: String?
        public var token: String?
        public var headers: [String: String]
    }

    private var generator: SeededGenerator

    public init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

    private mutating func next() -> UInt64 { generator.next() }

    private mutating func pick<T>(_ values: [T]) -> T { values[Int(next() % UInt64(values.count))] }
    private mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }

    private mutating func randomText(maxLength: Int) -> String {
        let alphabet = Array("abcXYZ019 _-.@:\"\\/[](){}*?&=%+,;'\u{0}\u{1B}\u{7F}é李🚀\n\t")
        let length = Int(next() % UInt64(maxLength + 1))
        return String((0..<length).map { _ in pick(alphabet) })
    }

    private static let filters = [
        #"userName eq "x@acme.example""#, #"userName eq"#, #"emails[type eq "work"].value eq "a""#, #"((((userName pr"#,
        #"not (active eq true)"#, #"externalId eq bare"#, #"userName sw "a" or displayName co "b" and active eq false"#,
        #"meta.lastModified gt "2020""#,
        #"urn:ietf:params:scim:schemas:extension:custom:2.0:User:claude_role eq "user""#,
        #"emails[type eq "work"]"#, #"userName eq "\u0000""#, "userName eq 1e309", "title pr", "[", "]", "\"", "not",
        "and or",
    ]

    private static let bodies = [
        #"{"userName":"fuzz@acme.example"}"#, #"{"userName":""}"#, "{", "[]", "null", "1", #""str""#,
        #"{"userName":5}"#,
        #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}"#,
        #"{"Operations":[{"op":"zap"}]}"#, #"{"Operations":"x"}"#,
        #"{"Operations":[{"op":"add","path":"emails[type eq","value":1}]}"#,
        #"{"userName":"a@b.example","claude_role":"admin"}"#, #"{"userName":"a@b.example","emails":[{"value":5}]}"#,
        #"{"userName":"a@b.example","active":"maybe"}"#, #"{"userName":"a@b.example","name":{"givenName":["x"]}}"#,
        String(repeating: "[", count: 5000), #"{"userName":"\ud800"}"#, "\u{FF}\u{FE}", "",
    ]

    /// The next case. `validID` is a known user id (or nil); `token` the valid bearer token.
    public mutating func nextCase(base: String, validID: String?, token: String) -> Case {
        let method = pick(["GET", "GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"])
        var path: String
        switch next() % 10 {
        case 0:
            path = "/Users?filter=" + (Self.percentEncode(chance(70) ? pick(Self.filters) : randomText(maxLength: 40)))
        case 1:
            path =
                "/Users?startIndex=\(pick(["-5", "0", "1", "x", "99999999999999999999"]))&count=\(pick(["-1", "0", "5", "abc", "1000"]))"
        case 2: path = "/Users/" + (validID ?? "missing")
        case 3: path = "/Users/" + Self.percentEncode(randomText(maxLength: 30))
        case 4:
            path = pick([
                "/ServiceProviderConfig", "/Schemas", "/ResourceTypes/User", "/Groups", "/Bulk", "/Me", "/.search",
                "/users/",
            ])
        case 5: path = "/" + Self.percentEncode(randomText(maxLength: 20))
        case 6: path = "/Users?attributes=\(Self.percentEncode(randomText(maxLength: 20)))&excludedAttributes=emails"
        default: path = "/Users"
        }
        let body: String? =
            ["POST", "PUT", "PATCH"].contains(method) || chance(10)
            ? (chance(80)
                ? pick(Self.bodies).replacingOccurrences(of: "fuzz@", with: "fuzz\(next() % 1000)@")
                : randomText(maxLength: 200))
            : nil
        var headers: [String: String] = [:]
        if chance(20) {
            headers["content-type"] = pick([
                "application/json", "text/plain", "application/scim+json; charset=utf-8", "garbage",
            ])
        }
        if chance(10) {
            headers["x-request-id"] = String(
                randomText(maxLength: 50).unicodeScalars.filter { (0x21...0x7E).contains($0.value) })
        }
        let auth: String? =
            chance(85)
            ? "Bearer \(token)" : pick(["", "Bearer", "Basic abc", "bearer \(token)", "Bearer scimify_wrong", token])
        return Case(method: method, path: path, body: body, token: auth, headers: headers)
    }

    static func percentEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
