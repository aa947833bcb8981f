import ClaudeAdminAPI
import Console
import Foundation
import ScimifyCore
import ScimifyRuntime
import ScimifyStorage
import Synchronization

/// The console's backend on a stored instance: snapshots from the store, every change through the
/// instance's ``ManagedProvisioner`` (audited as `console:<user>`), refresh users and readiness through
/// the core, and the instances actions through the store.
public final class StoreConsoleBackend: ConsoleBackend {
    /// The instance the console shows now (the operator may switch), with its refresh session.
    let current: Mutex<(runtime: InstanceRuntime, refresh: RefreshSession)>
    let actor: ManagedProvisioner.Actor
    let settings: ClientSettings
    let cachedOrganization = Mutex<String?>(nil)
    let administration: InstanceAdministration
    private let rateLimits: RateLimitBoard?

    /// - Parameters:
    ///   - runtime: the instance the console opened on.
    ///   - settings: how clients of other instances (test connection, add) are built.
    ///   - operatorName: the person at the keyboard (``OperatorIdentity``), audited as `console:<name>`.
    ///   - rateLimits: where the clients of `settings` post their rate-limit waits (the status line shows them).
    public init(
        runtime: InstanceRuntime, settings: ClientSettings, operatorName: String, rateLimits: RateLimitBoard? = nil
    ) {
        self.settings = settings
        self.rateLimits = rateLimits
        actor = .init(name: "console:\(operatorName)", source: .console)
        current = Mutex((runtime, RefreshSession(runtime: runtime, actorName: actor.name)))
        administration = InstanceAdministration(store: runtime.store, settings: settings, actorName: actor.name)
    }

    var runtime: InstanceRuntime { current.withLock { $0.runtime } }

    /// The runtime with the settings the store holds now, kept for the next change when they changed.
    private func currentRuntime() async throws -> InstanceRuntime {
        let before = runtime
        let now = try await before.current(settings: settings)
        if now.instance != before.instance {
            current.withLock { current in
                if current.runtime.instance.id == now.instance.id {
                    current = (now, RefreshSession(runtime: now, actorName: actor.name))
                }
            }
        }
        return now
    }
    private var refreshSession: RefreshSession { current.withLock { $0.refresh } }
    var store: any StorePort { runtime.store }
    private var instance: Instance { runtime.instance }

    public func load() async throws -> ConsoleSnapshot {
        let store = store
        let instance = instance
        let mirror = try await store.mirror(instanceID: instance.id)
        let instances = try await store.instances()
        var snapshot = ConsoleSnapshot(
            // As stored now: a mode or header colour set from another shell shows at once.
            instance: instances.first { $0.id == instance.id } ?? instance,
            organizationName: cachedOrganization.withLock { $0 },
            members: mirror?.members ?? [],
            invites: mirror?.invites ?? [],
            managedEmails: try await store.managedEmails(instanceID: instance.id),
            audit: try await store.auditEvents(instanceID: instance.id, since: nil, batchID: nil, limit: 2_000),
            instances: instances,
            lastRefresh: mirror?.refreshedAt
        )
        // The mirror just read serves the problems too (a live console reloads often).
        snapshot.problems = try await runtime.problemsAndPlan(mirror: mirror).problems
        snapshot.heldRemovals = snapshot.problems.filter { $0.kind == .heldRemoval }.count
        snapshot.requests = try await Self.requestRows(store, instance: instance)
        return snapshot
    }

    /// The Requests view's rows: this instance's newest logged requests and those of no known instance (a
    /// mistyped slug, a scanner), newest first.
    public static func requestRows(_ store: any StorePort, instance: Instance) async throws -> [RequestRow] {
        let own = try await store.loggedRequests(RequestLogQuery(scope: .instance(instance.id), limit: 2_000))
        let unknown = try await store.loggedRequests(RequestLogQuery(scope: .unknownInstance, limit: 500))
        return (own + unknown).sorted { $0.id > $1.id }.map { request in
            RequestRow(
                id: request.id, at: request.at, instanceSlug: request.instanceSlug,
                knownInstance: request.instanceID != nil, method: request.method, path: request.path,
                route: request.route, status: request.status, latencyMilliseconds: request.latencyMilliseconds,
                idpRequestID: request.idpRequestID, person: request.person, outcome: request.outcome,
                problem: request.problem, anthropicRequestIDs: request.anthropicRequestIDs,
                requestHeaders: request.requestHeaders, requestBody: request.requestBody,
                responseBody: request.responseBody)
        }
    }

    public func preview(rows: Int) async throws -> ConsoleSnapshot? {
        guard let preview = try await store.mirrorPreview(instanceID: instance.id, limit: rows),
            preview.memberCount > rows
        else { return nil }
        var snapshot = ConsoleSnapshot(
            instance: instance, organizationName: cachedOrganization.withLock { $0 }, members: preview.members,
            invites: preview.invites, managedEmails: preview.managedEmails, audit: [],
            instances: try await store.instances(),
            lastRefresh: preview.refreshedAt)
        snapshot.preview = (preview.memberCount, preview.pendingInviteCount)
        return snapshot
    }

    public func waitingForRateLimit() async -> Date? {
        rateLimits?.waitingUntil()
    }

    /// The store's change counter plus the newest logged request's id: both only grow, so the sum changes when
    /// a change is recorded or `serve` logs a request (a refused PATCH writes no audit row but must show live).
    public func changeCounter() async -> Int64? {
        guard let changes = try? await store.changeCounter() else { return nil }
        let newestRequest = (try? await store.loggedRequests(RequestLogQuery(limit: 1)).first?.id) ?? 0
        return changes &+ newestRequest
    }

    public func organizationName() async -> String? {
        if let name = cachedOrganization.withLock({ $0 }) { return name }
        guard let organization = try? await runtime.client.organization().value else { return nil }
        cachedOrganization.withLock { $0 = organization.name }
        return organization.name
    }

    public func perform(_ effect: ConsoleEffect, progress: @escaping @Sendable (ConsoleEvent) -> Void) async
        -> ConsoleEvent
    {
        switch effect {
        case .updateRole, .cancelInvite, .removeMember, .removeMemberAndKeys, .invite, .retryProblem, .approveProblem,
            .dismissProblem, .setKeyStatus:
            var report = await change(effect, actor: actor)
            if let id = report.requestID, report.failure == nil {
                report.summary = (report.summary ?? "done") + " · request-id \(id)"
            }
            return .changeFinished(report)
        case .loadHoldings:
            return await holdings()
        case .previewRefresh:
            return await previewRefresh(progress)
        case .refreshUsers:
            return await refresh(progress)
        case .readiness:
            return await readiness()
        case .testConnection(let slug):
            return await testConnection(slug)
        case .rotateToken(let slug):
            return await rotateToken(slug)
        case .addInstance(let new):
            return await addInstance(new)
        case .switchInstance(let slug):
            return await switchInstance(slug)
        case .load, .copy, .export, .remember, .quit, .bulk, .stopBulk:
            preconditionFailure("the console runner performs \(effect) itself")
        }
    }

    public func performItem(_ effect: ConsoleEffect, batchID: String) async -> ChangeReport {
        var batch = actor
        batch.batchID = batchID
        return await change(effect, actor: batch)
    }

    /// One change (a single row, or one item of a bulk action) through the instance's provisioner, as `actor`,
    /// with the instance's settings as the store holds them now (``InstanceRuntime/current(settings:)``).
    private func change(_ effect: ConsoleEffect, actor: ManagedProvisioner.Actor) async -> ChangeReport {
        let runtime: InstanceRuntime
        do {
            runtime = try await currentRuntime()
        } catch {
            return ChangeReport(failure: "nothing changed: \(Self.message(error))")
        }
        switch effect {
        case .updateRole(let email, let role, let seen):
            return await change(email) {
                try await $0.updateRole(email: email, role: role, expecting: seen, actor: actor)
            }
        case .cancelInvite(let email, let seen), .removeMember(let email, let seen):
            return await change(email) { try await $0.deprovision(email: email, expecting: seen, actor: actor) }
        case .removeMemberAndKeys(let email, let seen):
            return await removeDeactivatingKeys(email, seen, actor: actor)
        case .setKeyStatus(let key, let status, let creator):
            do {
                let done = try await runtime.keyOffboarding(actor: actor).setStatus(
                    ofKeyID: key.id, saw: key.status, to: status, creator: creator)
                let name = "\(SafeText.neutralized(done.key.name, limit: 80)) (\(key.id))"
                guard let changed = done.changed else {
                    return ChangeReport(summary: "dry-run: would set \(name) \(status.rawValue) (nothing was sent)")
                }
                return ChangeReport(summary: "set \(name) \(status.rawValue)", requestID: changed.requestID)
            } catch {
                return ChangeReport(
                    failure: Self.message(error), requestID: (error as? ProvisioningError)?.allRequestIDs.last)
            }
        case .invite(let email, let role):
            return await change(email) { try await $0.provision(email: email, role: role, actor: actor) }
        case .retryProblem(let id):
            return await problemAction { try await runtime.retryProblem(id: id, actor: actor) }
        case .approveProblem(let id):
            return await problemAction {
                let outcome = try await runtime.approveHeldRemoval(id: id, actor: actor)
                return "approved: " + outcome.summary(email: outcome.member?.email ?? outcome.invite?.email ?? id)
            }
        case .dismissProblem(let id, let reason):
            return await problemAction {
                try await runtime.dismissProblem(id: id, reason: reason, actor: actor)
                return "dismissed; things stay as they are"
            }
        default:
            return ChangeReport(failure: "\(effect) is not a change of one person")
        }
    }

    /// The organization's workspaces and keys for the member detail and the remove dialog; an organization
    /// without key endpoints (Enterprise) is told apart from a failed read.
    private func holdings() async -> ConsoleEvent {
        let runtime = runtime
        let slug = runtime.instance.slug
        do {
            return .holdingsLoaded(slug: slug, .loaded(try await runtime.organizationHoldings()))
        } catch let error as ProvisioningError where error.meansNoKeyEndpoints {
            return .holdingsLoaded(slug: slug, .unavailable(Self.message(error)))
        } catch {
            return .holdingsLoaded(slug: slug, .failed(Self.message(error)))
        }
    }

    /// *Remove and deactivate keys*: the keys' sentence, then the removal's (each audited on its own).
    private func removeDeactivatingKeys(_ email: String, _ seen: ExpectedState?, actor: ManagedProvisioner.Actor)
        async -> ChangeReport
    {
        let runtime = runtime
        var keys: KeyOffboarding.Report?
        var report = await change(email) { _ in
            let done = try await runtime.removeDeactivatingKeys(email: email, expecting: seen, actor: actor)
            keys = done.keys
            return done.outcome
        }
        if report.failure == nil, let keys {
            report.summary = keys.summary(email: email) + "; " + (report.summary ?? "removed")
        }
        return report
    }

    /// A Problems-view action: its sentence, or its error (the view reloads after it).
    private func problemAction(_ body: () async throws -> String) async -> ChangeReport {
        do {
            return ChangeReport(summary: try await body())
        } catch {
            return ChangeReport(
                failure: Self.message(error), requestID: (error as? ProvisioningError)?.allRequestIDs.last)
        }
    }

    private func change(_ email: String, _ body: (ManagedProvisioner) async throws -> ProvisioningOutcome) async
        -> ChangeReport
    {
        do {
            let outcome = try await body(runtime.provisioner)
            var summary = outcome.summary(email: email)
            if instance.mode == .dryRun { summary = "dry-run: " + summary + " (nothing was sent)" }
            // Undo re-invites a removed member with the role they had.
            let removed =
                outcome.change == .memberRemoved && instance.mode == .enforce
                ? outcome.member.map { RemovedMember(email: email, role: $0.role) } : nil
            return ChangeReport(summary: summary, removed: removed, requestID: outcome.requestIDs.last)
        } catch {
            return ChangeReport(
                failure: Self.message(error), requestID: (error as? ProvisioningError)?.allRequestIDs.last)
        }
    }

    private func previewRefresh(_ progress: @escaping @Sendable (ConsoleEvent) -> Void) async -> ConsoleEvent {
        do {
            let summary = try await refreshSession.preview { progress(.refreshProgress($0)) }
            return .refreshPreviewed(summary: summary, failure: nil)
        } catch {
            return .refreshPreviewed(summary: nil, failure: Self.message(error))
        }
    }

    private func refresh(_ progress: @escaping @Sendable (ConsoleEvent) -> Void) async -> ConsoleEvent {
        do {
            let report = try await refreshSession.apply { progress(.refreshProgress($0)) }
            return .refreshFinished(
                summary:
                    "\(report.memberCount) members, \(report.pendingInviteCount) pending invites; \(report.diff.summary)",
                details: RefreshReportText.lines(report, limit: 12), failure: nil)
        } catch {
            return .refreshFinished(summary: nil, details: [], failure: Self.message(error))
        }
    }

    private func readiness() async -> ConsoleEvent {
        do {
            return .readinessFinished(try await runtime.readiness(), failure: nil)
        } catch {
            return .readinessFinished(nil, failure: Self.message(error))
        }
    }

    /// An operator-readable error (``OperatorMessage``).
    static func message(_ error: any Error) -> String { OperatorMessage.of(error) }
}
