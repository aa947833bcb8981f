import Foundation

/// `name.givenName` and `name.familyName` for a user the IdP never sent (a member or invite imported by refresh):
/// Okta's import requires both, and rejects empty strings (`../shared/spec/scim.md` section 15.1).
///
/// The rule, from Claude's display name, else the email's local part:
/// - the text is trimmed; from an email, `.`, `_`, `-` and `+` separate words, each capitalised
///   (`jane.smith@…` -> `Jane Smith`);
/// - two or more words: the first is the given name, the rest (joined by one space) the family name
///   (`Sam 🚀 Rivera` -> `Sam` / `🚀 Rivera`);
/// - one word (`李伟`, `cher`): it is both the given and the family name, since neither may be empty;
/// - nothing usable (an empty name and a local part of separators only): the email itself, for both.
public struct DerivedNameParts: Sendable, Equatable {
    public let givenName: String
    public let familyName: String

    /// The parts for a person named `name` (Claude's name, may be `nil` or blank) with address `email`.
    public init(name: String?, email: String) {
        let trimmed = (name ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        var words = trimmed.split(whereSeparator: \.isWhitespace).map(String.init)
        if words.isEmpty {
            let local = email.split(separator: "@", maxSplits: 1).first.map(String.init) ?? email
            words = local.split(whereSeparator: { ".-_+".contains($0) }).map {
                $0.prefix(1).uppercased() + $0.dropFirst()
            }
        }
        guard let first = words.first else {
            givenName = email
            familyName = email
            return
        }
        givenName = first
        familyName = words.count > 1 ? words.dropFirst().joined(separator: " ") : first
    }
}
