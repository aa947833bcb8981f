import ClaudeAdminAPI
import Console
import Foundation
import ScimifyCore
import ScimifyRuntime
import ScimifyStorage
import Synchronization

/// The Instances view's actions of the store console backend: open another instance, test its connection,
/// rotate its SCIM token, add one.
extension StoreConsoleBackend {
    /// Opens another stored instance in this console: its runtime is wired (and its unfinished changes
    /// resumed, as any process opening it does), the organization is named again, and the view reloads.
    func switchInstance(_ slug: String) async -> ConsoleEvent {
        do {
            guard let target = try await store.instance(named: slug) else {
                return .instanceSwitched(organizationName: nil, failure: "no instance \(slug)")
            }
            let next = try await InstanceRuntime(store: store, instance: target, settings: settings)
            await next.resumeIntents(actor: actor)
            // An instance with no mirror yet is refreshed before the console shows it; a failure leaves the
            // header's "never refreshed" and readiness's NO-GO to say so.
            _ = try? await next.refreshIfNeverRefreshed(actor: actor.name)
            current.withLock { $0 = (next, RefreshSession(runtime: next, actorName: actor.name)) }
            cachedOrganization.withLock { $0 = nil }
            return .instanceSwitched(organizationName: await organizationName(), failure: nil)
        } catch {
            return .instanceSwitched(organizationName: nil, failure: Self.message(error))
        }
    }

    func testConnection(_ slug: String) async -> ConsoleEvent {
        do {
            guard let target = try await store.instance(named: slug) else {
                return .instanceActionFinished(message: nil, failure: "no instance \(slug)", notice: nil)
            }
            let organization = try await administration.test(target)
            return .instanceActionFinished(
                message: "\(slug): connection ok, organization \(SafeText.neutralized(organization.value.name))"
                    + (organization.requestID.map { " · request-id \($0)" } ?? ""),
                failure: nil, notice: nil)
        } catch {
            return .instanceActionFinished(message: nil, failure: "\(slug): \(Self.message(error))", notice: nil)
        }
    }

    func rotateToken(_ slug: String) async -> ConsoleEvent {
        do {
            guard let target = try await store.instance(named: slug) else {
                return .instanceActionFinished(message: nil, failure: "no instance \(slug)", notice: nil)
            }
            let token = try await administration.rotateToken(of: target)
            return .instanceActionFinished(
                message: "\(slug): SCIM token rotated; the old one no longer works", failure: nil,
                notice: [
                    "New SCIM bearer token of \(slug):", "", token, "",
                    "SCIM base path: \(target.scimBasePath)", "Paste it into the IdP's SCIM connector now.",
                ])
        } catch {
            return .instanceActionFinished(message: nil, failure: Self.message(error), notice: nil)
        }
    }

    func addInstance(_ new: NewInstance) async -> ConsoleEvent {
        await Self.addInstance(new, administration: administration).event
    }

    /// Adds an instance (tests the key, stores it, runs the first refresh) and says so, the token shown once.
    /// Also the first step of a console opened on a store with no instance (``FirstInstanceConsoleBackend``).
    static func addInstance(_ new: NewInstance, administration: InstanceAdministration) async -> (
        event: ConsoleEvent, added: Instance?
    ) {
        guard let key = AdminAPIKey(new.apiKey) else {
            return (.instanceActionFinished(message: nil, failure: "the Admin API key is empty", notice: nil), nil)
        }
        do {
            let added = try await administration.add(
                name: new.name, apiBaseURL: new.apiBaseURL, key: key, mode: .enforce)
            let slug = added.instance.slug
            let event = ConsoleEvent.instanceActionFinished(
                message: "added \(slug) for organization \(SafeText.neutralized(added.organization.name))",
                failure: nil,
                notice: [
                    "Instance \(slug) added (mode enforce).", "", "SCIM base path: \(added.instance.scimBasePath)",
                    "SCIM bearer token:", added.scimToken, "", "Paste both into the IdP's SCIM connector now.",
                    "", added.firstRefresh.map(InstanceRuntime.firstRefreshLine) ?? added.firstRefreshFailure ?? "",
                ], added: slug)
            return (event, added.instance)
        } catch {
            return (
                .instanceActionFinished(message: nil, failure: "not added: \(message(error))", notice: nil), nil
            )
        }
    }
}
