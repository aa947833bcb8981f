import ClaudeAdminAPI
import Foundation
import ScimifyCore

/// One API key's status changed on its own, about the key rather than a person.
extension KeyOffboarding {
    /// Sets one key's status: `inactive` stops it (reversible), `active` starts an inactive key again; Scimify
    /// never archives a key, and an expired or archived one cannot change (spec §14.2). Audited by id, name and
    /// hint as `api_key.deactivate` / `api_key.activate`, about the key rather than a person (`creator` is named
    /// in the detail), so a person's surviving-keys problem stays until its retry finds nothing left. In a
    /// dry-run instance nothing is sent and `nil` is returned. A failure is audited, then thrown.
    public func setStatus(of key: APIKey, to status: APIKey.Status, creator: String?) async throws -> Traced<APIKey>? {
        guard status == .active || status == .inactive else {
            throw ProvisioningError(
                kind: .rejected, message: "Scimify sets API keys active or inactive, never \(status.rawValue)")
        }
        guard key.status == .active || key.status == .inactive else {
            throw ProvisioningError(
                kind: .rejected,
                message: "key \(key.id) is \(key.status.rawValue): an expired or archived key cannot change")
        }
        let action = status == .active ? "api_key.activate" : "api_key.deactivate"
        let described =
            "\(key.id) (\(SafeText.neutralized(key.name, limit: 80)), \(key.hint ?? "no hint"))"
            + (creator.map { ", created by \(SafeText.neutralized($0, limit: 120))," } ?? "")
        if instance?.mode == .dryRun {
            await record(action, .dryRun, "dry-run: would set \(described) \(status.rawValue)", requestID: nil)
            return nil
        }
        do {
            let changed = try await client.updateAPIKey(id: key.id, status: status)
            await record(action, .ok, "set \(described) \(status.rawValue)", requestID: changed.requestID)
            return changed
        } catch let error as ProvisioningError {
            await record(
                action, .failed, "could not set \(described) \(status.rawValue): \(error.message)",
                requestID: error.requestID)
            throw error
        }
    }

    /// ``setStatus(of:to:creator:)`` for a key the operator saw with status `saw` a while ago (a console row):
    /// the key is read again first, and if Claude's copy has another status now nothing is sent ("changed since
    /// you looked"), as for members and invites.
    public func setStatus(ofKeyID id: String, saw: APIKey.Status, to status: APIKey.Status, creator: String?)
        async throws -> (key: APIKey, changed: Traced<APIKey>?)
    {
        let live = try await client.apiKey(id: id).value
        guard live.status == saw else {
            throw ProvisioningError(
                kind: .stale,
                message: "API key \(id) (\(SafeText.neutralized(live.name, limit: 80))) changed since you looked "
                    + "(you saw \(saw.rawValue); Claude now has \(live.status.rawValue)); nothing was changed: reload "
                    + "and look again")
        }
        return (live, try await setStatus(of: live, to: status, creator: creator))
    }

    /// An audit row about a key: on its own (`about` nil), or in the offboarding of the person `about`.
    func record(
        _ action: String, _ outcome: AuditEvent.Outcome, _ detail: String, requestID: String?,
        about email: String? = nil
    ) async {
        guard let audit else { return }
        await audit(
            AuditEvent(
                at: Date(), instanceID: instance?.id, instanceSlug: instance?.slug, actor: actor, action: action,
                targetEmail: email, outcome: outcome, requestIDs: requestID.map { [$0] } ?? [], detail: detail,
                idpRequestID: idpRequestID, batchID: batchID))
    }
}
