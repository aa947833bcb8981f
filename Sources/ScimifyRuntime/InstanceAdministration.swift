import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyStorage

/// Adding, testing and rotating instances, the same from the CLI and the console: a key is tested against
/// Claude before anything is stored, and every change is audited (never with a secret).
public struct InstanceAdministration: Sendable {
    public let store: any StorePort
    public let settings: ClientSettings
    /// `cli:<user>` or `console:<user>`.
    public let actorName: String

    public init(store: any StorePort, settings: ClientSettings, actorName: String) {
        self.store = store
        self.settings = settings
        self.actorName = actorName
    }

    /// A new instance and its SCIM token (shown once), with the organization the key reaches.
    public struct Added: Sendable {
        public let instance: Instance
        public let scimToken: String
        public let organization: Organization
        /// The first refresh, run right after the instance is stored (`nil` when it failed).
        public let firstRefresh: RefreshReport?
        /// Why the first refresh failed, with the command that fills the mirror (`nil` when it ran).
        public let firstRefreshFailure: String?
    }

    /// Tests `key` against `apiBaseURL` and only then stores the instance (key encrypted) and audits it, then
    /// runs its first refresh (``InstanceRuntime/refreshIfNeverRefreshed(actor:progress:)``) so the mirror
    /// exists from the first minute; a failed refresh leaves the instance added and says why in the result.
    /// - Throws: ``ScimifyCore/ProvisioningError`` when the key does not work (nothing is stored), or
    ///   ``ScimifyStore/StoreError``.
    public func add(
        name: String, apiBaseURL: String, key: AdminAPIKey, mode: Instance.Mode,
        progress: (@Sendable (Refresher.Progress) -> Void)? = nil
    ) async throws -> Added {
        let organization = try await settings.client(baseURL: apiBaseURL, key: key).organization()
        // The row is written with the instance (its id and slug filled in from the new row).
        let audit = AuditEvent(
            at: Date(), instanceID: nil, instanceSlug: nil, actor: actorName, action: "instance.add",
            targetEmail: nil, outcome: .ok, requestIDs: organization.requestID.map { [$0] } ?? [],
            detail:
                "added \(SafeText.quoted(name)) for \(SafeText.neutralized(organization.value.name)) (\(mode.rawValue))"
        )
        let created = try await key.withSecret {
            try await store.addInstance(
                name: name, slug: nil, apiBaseURL: apiBaseURL, apiKey: $0, mode: mode, now: Date(), audit: audit)
        }
        let instance = created.instance
        let runtime = try await InstanceRuntime(store: store, instance: instance, settings: settings)
        do {
            let report = try await runtime.refreshIfNeverRefreshed(actor: actorName, progress: progress)
            return Added(
                instance: instance, scimToken: created.scimToken, organization: organization.value,
                firstRefresh: report, firstRefreshFailure: nil)
        } catch {
            return Added(
                instance: instance, scimToken: created.scimToken, organization: organization.value,
                firstRefresh: nil, firstRefreshFailure: runtime.firstRefreshFailure(error))
        }
    }

    /// Checks a stored instance's key: the organization it reaches, with the request-id.
    public func test(_ instance: Instance) async throws -> Traced<Organization> {
        try await InstanceRuntime(store: store, instance: instance, settings: settings).client.organization()
    }

    /// Replaces the SCIM token (the old one stops working at once); returns the new one to show once.
    public func rotateToken(of instance: Instance) async throws -> String {
        try await store.rotateToken(
            of: instance,
            audit: AuditEvent(
                at: Date(), instanceID: instance.id, instanceSlug: instance.slug, actor: actorName,
                action: "instance.rotate_token",
                targetEmail: nil, outcome: .ok, detail: "SCIM token rotated; the previous token no longer works"))
    }
}
