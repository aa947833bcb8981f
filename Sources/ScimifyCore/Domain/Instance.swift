import Foundation

/// One Claude organization connection, without its secrets (the key and token hash stay in the store).
public struct Instance: Hashable, Sendable, Codable {
    /// Whether changes are sent upstream (`enforce`) or only recorded as what would have been done (`dry-run`).
    public enum Mode: String, Sendable, Codable, CaseIterable {
        case enforce
        case dryRun = "dry-run"
    }

    public var id: Int64
    public var slug: String
    public var name: String
    public var apiBaseURL: String
    public var mode: Mode
    public var createdAt: Date
    /// How many removals the SCIM path may make in a window before the rest are held for approval.
    public var removalGuard: RemovalGuardPolicy
    /// The console header's tint, so production is never mistaken for staging.
    public var headerColor: HeaderColor
    /// What a SCIM removal does with the API keys the person created (Console organizations).
    public var offboardingKeys: OffboardingKeyPolicy

    /// `report` (the default): keys that would outlive the removal become a problem an operator acts on;
    /// `deactivate`: every active key the person created is set inactive before the removal.
    public enum OffboardingKeyPolicy: String, Sendable, Codable, CaseIterable {
        case report, deactivate
    }

    /// The console header's tint of an instance.
    public enum HeaderColor: String, Sendable, Codable, CaseIterable {
        case red, yellow, green, blue
        case `default`
    }

    public init(
        id: Int64, slug: String, name: String, apiBaseURL: String, mode: Mode, createdAt: Date,
        removalGuard: RemovalGuardPolicy = .default, headerColor: HeaderColor = .default,
        offboardingKeys: OffboardingKeyPolicy = .report
    ) {
        self.headerColor = headerColor
        self.offboardingKeys = offboardingKeys
        self.id = id
        self.slug = slug
        self.name = name
        self.apiBaseURL = apiBaseURL
        self.mode = mode
        self.createdAt = createdAt
        self.removalGuard = removalGuard
    }

    /// The SCIM base path this instance serves: `/instances/<slug>/scim/v2`.
    public var scimBasePath: String { "/instances/\(slug)/scim/v2" }

    /// A slug derived from a display name: lower-case letters, digits and `-`.
    public static func slug(from name: String) -> String {
        var slug = ""
        for scalar in name.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return String(slug.prefix(48))
    }

    /// Whether `slug` uses only lower-case letters, digits and inner `-`.
    public static func isValidSlug(_ slug: String) -> Bool {
        !slug.isEmpty && slug.count <= 64 && !slug.hasPrefix("-") && !slug.hasSuffix("-")
            && slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}
