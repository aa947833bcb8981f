import Foundation
import ScimifyCore

/// A stored User as the SCIM surface sees it: server id, attributes and meta.
public struct SCIMUserResource: Sendable, Equatable {
    public var id: String
    public var user: SCIMUser
    public var created: Date
    public var lastModified: Date
    public var version: Int

    public init(id: String, user: SCIMUser, created: Date, lastModified: Date, version: Int) {
        self.id = id
        self.user = user
        self.created = created
        self.lastModified = lastModified
        self.version = version
    }
}

extension SCIMUserResource {
    /// Whether the resource matches `filter`. String comparison follows `caseExact`: `id` and `externalId`
    /// are exact, everything else ignores case. A multi-valued attribute matches when any value does.
    public func matches(_ filter: SCIMFilter) -> Bool {
        switch filter {
        case .and(let left, let right): return matches(left) && matches(right)
        case .or(let left, let right): return matches(left) || matches(right)
        case .not(let inner): return !matches(inner)
        case .present(let path): return !values(path).isEmpty
        case .compare(let path, let op, let value):
            return FilterComparison.holds(values(path), op, value, caseExact: isCaseExact(path))
        case .valuePath(let attribute, let inner):
            guard attribute == "emails" else { return false }
            return user.emails.contains { email in EmailContext(email: email).matches(inner) }
        }
    }

    private func isCaseExact(_ path: SCIMFilter.AttributePath) -> Bool {
        path.name == "id" || path.name == "externalid"
    }

    func values(_ path: SCIMFilter.AttributePath) -> [SCIMFilter.FilterValue] {
        func text(_ value: String?) -> [SCIMFilter.FilterValue] { value.map { [.string($0)] } ?? [] }
        switch (path.name, path.sub) {
        case ("id", nil): return [.string(id)]
        case ("externalid", nil): return text(user.externalID)
        case ("username", nil): return [.string(user.userName)]
        case ("displayname", nil): return text(user.displayName)
        case ("name", "givenname"): return text(user.givenName)
        case ("name", "familyname"): return text(user.familyName)
        case ("name", "formatted"): return text(user.formattedName)
        case ("active", nil): return [.bool(user.active)]
        case ("claude_role", nil): return text(user.claudeRole)
        case ("emails", nil), ("emails", "value"): return user.emails.map { .string($0.value) }
        case ("emails", "type"): return user.emails.compactMap { $0.type.map { .string($0) } }
        case ("emails", "primary"): return user.emails.map { .bool($0.primary) }
        case ("meta", "created"): return [.string(RFC3339Text.format(created))]
        case ("meta", "lastmodified"): return [.string(RFC3339Text.format(lastModified))]
        default: return []
        }
    }
}

/// One `emails` element as the context of a value filter (`emails[type eq "work"]`).
struct EmailContext {
    let email: SCIMUser.Email

    func matches(_ filter: SCIMFilter) -> Bool {
        switch filter {
        case .and(let left, let right): return matches(left) && matches(right)
        case .or(let left, let right): return matches(left) || matches(right)
        case .not(let inner): return !matches(inner)
        case .present(let path): return !values(path).isEmpty
        case .compare(let path, let op, let value):
            return FilterComparison.holds(values(path), op, value, caseExact: false)
        case .valuePath: return false
        }
    }

    private func values(_ path: SCIMFilter.AttributePath) -> [SCIMFilter.FilterValue] {
        guard path.sub == nil else { return [] }
        switch path.name {
        case "value": return [.string(email.value)]
        case "type": return email.type.map { [.string($0)] } ?? []
        case "primary": return [.bool(email.primary)]
        default: return []
        }
    }
}

/// The comparison operators over attribute values.
enum FilterComparison {
    static func holds(
        _ values: [SCIMFilter.FilterValue], _ op: SCIMFilter.CompareOperator, _ target: SCIMFilter.FilterValue,
        caseExact: Bool
    ) -> Bool {
        if case .null = target {
            switch op {
            case .eq: return values.isEmpty
            case .ne: return !values.isEmpty
            default: return false
            }
        }
        if op == .ne { return !values.contains { compare($0, .eq, target, caseExact: caseExact) } }
        return values.contains { compare($0, op, target, caseExact: caseExact) }
    }

    private static func compare(
        _ value: SCIMFilter.FilterValue, _ op: SCIMFilter.CompareOperator, _ target: SCIMFilter.FilterValue,
        caseExact: Bool
    ) -> Bool {
        switch (value, target) {
        case (.string(let a), .string(let b)):
            let left = caseExact ? a : a.lowercased()
            let right = caseExact ? b : b.lowercased()
            switch op {
            case .eq: return left == right
            case .ne: return left != right
            case .co: return left.contains(right)
            case .sw: return left.hasPrefix(right)
            case .ew: return left.hasSuffix(right)
            case .gt: return left > right
            case .ge: return left >= right
            case .lt: return left < right
            case .le: return left <= right
            }
        case (.bool(let a), .bool(let b)):
            switch op {
            case .eq: return a == b
            case .ne: return a != b
            default: return false
            }
        case (.number(let a), .number(let b)):
            switch op {
            case .eq: return a == b
            case .ne: return a != b
            case .gt: return a > b
            case .ge: return a >= b
            case .lt: return a < b
            case .le: return a <= b
            default: return false
            }
        default:
            return false
        }
    }
}
