/// `/metrics` behind an optional bearer token (`serve --metrics-token-file`): the comparison takes the same
/// time wherever the first difference is, so the token cannot be guessed a byte at a time.
enum MetricsAuthorization {
    static func allows(_ header: String?, token: String) -> Bool {
        guard let header, header.count > 7, header.prefix(7).lowercased() == "bearer " else { return false }
        let given = Array(header.dropFirst(7).utf8)
        let expected = Array(token.utf8)
        var difference = given.count ^ expected.count
        for index in 0..<expected.count {
            difference |= Int(expected[index] ^ (index < given.count ? given[index] : 0))
        }
        return difference == 0
    }
}
