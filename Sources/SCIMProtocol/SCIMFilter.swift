/// A parsed SCIM filter (RFC 7644 §3.4.2.2, the subset every IdP sends for Users).
public indirect enum SCIMFilter: Sendable, Equatable {
    case and(SCIMFilter, SCIMFilter)
    case or(SCIMFilter, SCIMFilter)
    case not(SCIMFilter)
    case present(AttributePath)
    case compare(AttributePath, CompareOperator, FilterValue)
    /// `emails[type eq "work"]`: the inner filter must hold for one element of the multi-valued attribute.
    case valuePath(String, SCIMFilter)

    public enum CompareOperator: String, Sendable, CaseIterable {
        case eq, ne, co, sw, ew, gt, ge, lt, le
    }

    public enum FilterValue: Sendable, Equatable {
        case string(String)
        case number(Double)
        case bool(Bool)
        case null
    }

    /// An attribute reference with its schema URN removed: `name` is lower-cased and canonical
    /// (`username`, `emails`, `claude_role`, `enterprise:department`), `sub` an optional sub-attribute.
    public struct AttributePath: Sendable, Equatable {
        public var name: String
        public var sub: String?

        public init(name: String, sub: String? = nil) {
            self.name = name
            self.sub = sub
        }

        /// Parses `[urn:]attr[.sub]`; URNs are matched case-insensitively against the known schemas.
        public static func parse(_ text: String) -> AttributePath? {
            var rest = Substring(text)
            var prefix = ""
            if rest.lowercased().hasPrefix("urn:") {
                let lowered = rest.lowercased()
                guard let urn = SCIMSchema.known.first(where: { lowered.hasPrefix($0.lowercased() + ":") }) else {
                    guard let colon = rest.lastIndex(of: ":") else { return nil }
                    prefix = "unknown:"
                    rest = rest[rest.index(after: colon)...]
                    return make(prefix: prefix, rest)
                }
                rest = rest.dropFirst(urn.count + 1)
                if urn == SCIMSchema.enterpriseExtension { prefix = "enterprise:" }
                if urn == SCIMSchema.claudeExtension { prefix = "" }
            }
            return make(prefix: prefix, rest)
        }

        private static func make(prefix: String, _ rest: Substring) -> AttributePath? {
            let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), parts.allSatisfy({ isName($0) }) else { return nil }
            return AttributePath(
                name: prefix + parts[0].lowercased(), sub: parts.count == 2 ? parts[1].lowercased() : nil)
        }

        static func isName(_ text: Substring) -> Bool {
            guard let first = text.unicodeScalars.first, first.properties.isAlphabetic || first == "_" || first == "$"
            else {
                return false
            }
            return text.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == "$"
            }
        }
    }
}

extension SCIMFilter {
    /// The longest filter accepted.
    public static let maximumLength = 4096

    /// Parses a filter.
    /// - Throws: ``SCIMError`` `invalidFilter` for anything outside the supported grammar (never ignored).
    public static func parse(_ text: String) throws(SCIMError) -> SCIMFilter {
        guard text.utf8.count <= maximumLength else {
            throw .invalidFilter("the filter is longer than \(maximumLength) bytes")
        }
        var parser = FilterParser(tokens: try FilterLexer.tokens(text))
        let filter = try parser.parseOr(depth: 0)
        guard parser.atEnd else { throw .invalidFilter("unexpected text after the filter") }
        return filter
    }
}
