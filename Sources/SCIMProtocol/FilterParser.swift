/// Tokens of a SCIM filter.
enum FilterToken: Equatable {
    case open, close, openBracket, closeBracket
    case word(String)
    case string(String)
}

/// Splits filter text into tokens; strings are JSON strings (with escapes).
enum FilterLexer {
    static func tokens(_ text: String) throws(SCIMError) -> [FilterToken] {
        var tokens: [FilterToken] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case " ", "\t", "\n", "\r": index += 1
            case "(":
                tokens.append(.open)
                index += 1
            case ")":
                tokens.append(.close)
                index += 1
            case "[":
                tokens.append(.openBracket)
                index += 1
            case "]":
                tokens.append(.closeBracket)
                index += 1
            case "\"":
                index += 1
                var value = String.UnicodeScalarView()
                var closed = false
                while index < scalars.count {
                    let next = scalars[index]
                    index += 1
                    if next == "\"" {
                        closed = true
                        break
                    }
                    if next == "\\" {
                        guard index < scalars.count else { break }
                        let escaped = scalars[index]
                        index += 1
                        switch escaped {
                        case "\"", "\\", "/": value.append(escaped)
                        case "n": value.append("\n")
                        case "t": value.append("\t")
                        case "r": value.append("\r")
                        case "b": value.append("\u{08}")
                        case "f": value.append("\u{0C}")
                        case "u":
                            guard index + 4 <= scalars.count,
                                let code = UInt32(
                                    String(String.UnicodeScalarView(scalars[index..<(index + 4)])), radix: 16),
                                let decoded = Unicode.Scalar(code)
                            else { throw .invalidFilter("bad \\u escape in a filter string") }
                            value.append(decoded)
                            index += 4
                        default: throw .invalidFilter("bad escape in a filter string")
                        }
                    } else {
                        value.append(next)
                    }
                }
                guard closed else { throw .invalidFilter("unterminated string in the filter") }
                tokens.append(.string(String(value)))
            default:
                var word = String.UnicodeScalarView()
                while index < scalars.count, !" \t\n\r()[]\"".unicodeScalars.contains(scalars[index]) {
                    word.append(scalars[index])
                    index += 1
                }
                tokens.append(.word(String(word)))
            }
        }
        return tokens
    }
}

/// Recursive descent with `not` > `and` > `or`, depth-limited against hostile nesting.
struct FilterParser {
    let tokens: [FilterToken]
    var position = 0
    static let maximumDepth = 32

    init(tokens: [FilterToken]) { self.tokens = tokens }

    var atEnd: Bool { position == tokens.count }

    private func peekWord() -> String? {
        guard position < tokens.count, case .word(let word) = tokens[position] else { return nil }
        return word.lowercased()
    }

    private mutating func expect(_ token: FilterToken, _ what: String) throws(SCIMError) {
        guard position < tokens.count, tokens[position] == token else { throw .invalidFilter("expected \(what)") }
        position += 1
    }

    mutating func parseOr(depth: Int) throws(SCIMError) -> SCIMFilter {
        guard depth < Self.maximumDepth else { throw .invalidFilter("the filter nests too deeply") }
        var left = try parseAnd(depth: depth)
        while peekWord() == "or" {
            position += 1
            left = .or(left, try parseAnd(depth: depth))
        }
        return left
    }

    private mutating func parseAnd(depth: Int) throws(SCIMError) -> SCIMFilter {
        var left = try parseNot(depth: depth)
        while peekWord() == "and" {
            position += 1
            left = .and(left, try parseNot(depth: depth))
        }
        return left
    }

    private mutating func parseNot(depth: Int) throws(SCIMError) -> SCIMFilter {
        if peekWord() == "not" {
            position += 1
            try expect(.open, "( after not")
            let inner = try parseOr(depth: depth + 1)
            try expect(.close, ")")
            return .not(inner)
        }
        return try parseAtom(depth: depth)
    }

    private mutating func parseAtom(depth: Int) throws(SCIMError) -> SCIMFilter {
        guard position < tokens.count else { throw .invalidFilter("the filter ends too early") }
        switch tokens[position] {
        case .open:
            position += 1
            let inner = try parseOr(depth: depth + 1)
            try expect(.close, ")")
            return inner
        case .word(let word):
            position += 1
            if position < tokens.count, tokens[position] == .openBracket {
                guard let path = SCIMFilter.AttributePath.parse(word), path.sub == nil else {
                    throw .invalidFilter("bad attribute \(quoted(word))")
                }
                position += 1
                let inner = try parseOr(depth: depth + 1)
                try expect(.closeBracket, "]")
                if let next = peekWord(), next.hasPrefix(".") {
                    position += 1
                    let sub = String(next.dropFirst())
                    guard SCIMFilter.AttributePath.isName(Substring(sub)) else {
                        throw .invalidFilter("bad sub-attribute")
                    }
                    let comparison = try comparison(SCIMFilter.AttributePath(name: sub))
                    return .valuePath(path.name, .and(inner, comparison))
                }
                return .valuePath(path.name, inner)
            }
            guard let path = SCIMFilter.AttributePath.parse(word) else {
                throw .invalidFilter("bad attribute \(quoted(word))")
            }
            return try comparison(path)
        default:
            throw .invalidFilter("unexpected token in the filter")
        }
    }

    private mutating func comparison(_ path: SCIMFilter.AttributePath) throws(SCIMError) -> SCIMFilter {
        guard let op = peekWord() else { throw .invalidFilter("expected an operator after the attribute") }
        position += 1
        if op == "pr" { return .present(path) }
        guard let compare = SCIMFilter.CompareOperator(rawValue: op) else {
            throw .invalidFilter("unsupported operator \(quoted(op))")
        }
        guard position < tokens.count else { throw .invalidFilter("expected a value after \(op)") }
        let value: SCIMFilter.FilterValue
        switch tokens[position] {
        case .string(let text): value = .string(text)
        case .word(let word):
            switch word.lowercased() {
            case "true": value = .bool(true)
            case "false": value = .bool(false)
            case "null": value = .null
            default:
                if let number = Double(word), number.isFinite {
                    value = .number(number)
                }
                // Old Entra examples send bare words (`externalId eq jyoung`): tolerated as strings.
                else if !["and", "or", "not"].contains(word.lowercased()) {
                    value = .string(word)
                } else {
                    throw .invalidFilter("expected a value after \(op)")
                }
            }
        default: throw .invalidFilter("expected a value after \(op)")
        }
        position += 1
        return .compare(path, compare, value)
    }

    private func quoted(_ text: String) -> String { "\"" + String(text.prefix(60)) + "\"" }
}
