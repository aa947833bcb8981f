import Foundation
import ScimifyCore

/// What adding an instance stores, decided once for both drivers: the slug (given, or derived from the name)
/// checked against the slug rule, a new SCIM token (shown once) and its hash (the only form stored), and the
/// refusals an operator reads.
package struct NewInstancePlan: Sendable {
    package let slug: String
    /// The SCIM token to show once.
    package let token: String
    /// What the store keeps of the token.
    package let tokenHash: Data

    /// - Throws: ``StoreError`` when no valid slug comes from `slug` or `name`.
    package init(name: String, slug: String?) throws {
        let slug = slug ?? Instance.slug(from: name)
        guard Instance.isValidSlug(slug) else {
            throw StoreError("cannot derive a slug from \(SafeText.quoted(name)): use letters or digits in the name")
        }
        self.slug = slug
        self.token = SecretBox.newToken()
        self.tokenHash = SecretBox.hash(token: token)
    }

    /// The refusal when an instance already has the slug.
    package var duplicate: StoreError { StoreError("an instance named \(SafeText.quoted(slug)) already exists") }

    /// The instance once stored under `id`, with its token.
    package func created(id: Int64, name: String, apiBaseURL: String, mode: Instance.Mode, now: Date)
        -> CreatedInstance
    {
        CreatedInstance(
            instance: Instance(id: id, slug: slug, name: name, apiBaseURL: apiBaseURL, mode: mode, createdAt: now),
            scimToken: token)
    }
}
