import ClaudeAdminAPI
import Console
import Foundation
import ScimifyCore
import ScimifyStore
import Synchronization

/// The console's backend on a stored instance: snapshots from the store, every change through the
/// instance's ``ManagedProvisioner`` (audited as `console:<user>`), refresh users and readiness through
/// the core, and the instances actions through the store.
final class StoreConsoleBackend: ConsoleBackend {
    private let context: InstanceContext
    private let actor: ManagedProvisioner.Actor
    private let connection: ConnectionOptions
    private let cachedOrganization = Mutex<String?>(nil)
    /// The listing the operator previewed, imported on confirmation.
    private let previewedListing = Mutex<Refresher.Listing?>(nil)

    init(context: InstanceContext, connection: ConnectionOptions) {
        self.context = context
        self.connection = connection
        actor = .init(name: "console:\(cliUser)", source: .console)
    }

    private var database: ScimifyDatabase { context.database }
    private var instance: Instance { context.instance }

    func load() async throws -> ConsoleSnapshot {
        let database = database
        let instance = instance
        let mirror = try database.mirror(instanceID: instance.id)
        return ConsoleSnapshot(
            instance: instance,
            organizationName: cachedOrganization.withLock { $0 },
            members: mirror?.members ?? [],
            invites: mirror?.invites ?? [],
            managedEmails: try database.managedEmails(instanceID: instance.id),
            audit: try database.auditEvents(instanceID: instance.id, limit: 2_000),
            instances: try database.instances(),
            lastRefresh: mirror?.refreshedAt
        )
    }

    func preview(rows: Int) async throws -> ConsoleSnapshot? {
        guard let preview = try database.mirrorPreview(instanceID: instance.id, limit: rows), preview.memberCount > rows else { return nil }
        var snapshot = ConsoleSnapshot(
            instance: instance, organizationName: cachedOrganization.withLock { $0 }, members: preview.members,
            invites: preview.invites, managedEmails: preview.managedEmails, audit: [], instances: try database.instances(),
            lastRefresh: preview.refreshedAt)
        snapshot.preview = (preview.memberCount, preview.pendingInviteCount)
        return snapshot
    }

    func changeCounter() async -> Int64? {
        try? database.changeCounter()
    }

    func organizationName() async -> String? {
        if let name = cachedOrganization.withLock({ $0 }) { return name }
        guard let organization = try? await context.client.organization().value else { return nil }
        cachedOrganization.withLock { $0 = organization.name }
        return organization.name
    }

    func perform(_ effect: ConsoleEffect, progress: @escaping @Sendable (ConsoleEvent) -> Void) async -> ConsoleEvent {
        switch effect {
        case .updateRole(let email, let role, let seen):
            return await change(email) { try await $0.updateRole(email: email, role: role, expecting: seen, actor: $1) }
        case .cancelInvite(let email, let seen):
            return await change(email) { try await $0.deprovision(email: email, expecting: seen, actor: $1) }
        case .removeMember(let email, let seen):
            return await change(email) { try await $0.deprovision(email: email, expecting: seen, actor: $1) }
        case .invite(let email, let role):
            return await change(email) { try await $0.provision(email: email, role: role, actor: $1) }
        case .previewRefresh:
            return await previewRefresh(progress)
        case .refreshUsers:
            return await refresh(progress)
        case .readiness:
            return await readiness()
        case .testConnection(let slug):
            return await testConnection(slug)
        case .rotateToken(let slug):
            return rotateToken(slug)
        case .addInstance(let new):
            return await addInstance(new)
        case .load, .copy, .quit:
            preconditionFailure("the console runner performs \(effect) itself")
        }
    }

    private func change(
        _ email: String,
        _ body: (ManagedProvisioner, ManagedProvisioner.Actor) async throws -> ProvisioningOutcome
    ) async -> ConsoleEvent {
        do {
            let outcome = try await body(context.provisioner, actor)
            var summary = outcome.summary(email: email)
            if instance.mode == .dryRun { summary = "dry-run: " + summary + " (nothing was sent)" }
            if let last = outcome.requestIDs.last { summary += " · request-id \(last)" }
            // Undo re-invites a removed member with the role they had.
            let removed = outcome.change == .memberRemoved && instance.mode == .enforce
                ? outcome.member.map { RemovedMember(email: email, role: $0.role) } : nil
            return .changeFinished(ChangeReport(summary: summary, removed: removed))
        } catch {
            return .changeFinished(ChangeReport(failure: Self.message(error)))
        }
    }

    private var refresher: Refresher {
        Refresher(instance: instance, api: context.client, store: database, recorder: context.recorder)
    }

    private func previewRefresh(_ progress: @escaping @Sendable (ConsoleEvent) -> Void) async -> ConsoleEvent {
        do {
            let listing = try await refresher.list(actor: actor.name) { progress(.refreshProgress($0)) }
            let current = try database.mirror(instanceID: instance.id)
            let diff = MirrorDiff.compute(
                old: current.map { ($0.members, $0.invites) }, members: listing.members, invites: listing.invites)
            previewedListing.withLock { $0 = listing }
            return .refreshPreviewed(
                summary: "\(listing.members.count) members and \(listing.invites.count) invites listed; \(diff.summary)",
                failure: nil)
        } catch {
            return .refreshPreviewed(summary: nil, failure: Self.message(error))
        }
    }

    private func refresh(_ progress: @escaping @Sendable (ConsoleEvent) -> Void) async -> ConsoleEvent {
        do {
            // The previewed listing if it is recent, so the import is exactly what the operator confirmed.
            let previewed = previewedListing.withLock { listing in
                defer { listing = nil }
                return listing
            }
            let report: RefreshReport
            if let previewed, Date().timeIntervalSince(previewed.listedAt) < 600 {
                report = try await refresher.apply(previewed, actor: actor.name)
            } else {
                report = try await refresher.run(actor: actor.name) { progress(.refreshProgress($0)) }
            }
            return .refreshFinished(
                summary: "\(report.memberCount) members, \(report.pendingInviteCount) pending invites; \(report.diff.summary)",
                details: Self.details(report), failure: nil)
        } catch {
            return .refreshFinished(summary: nil, details: [], failure: Self.message(error))
        }
    }

    /// The refresh report as dialog lines: totals, then each change (`+` new, `-` gone, `~` changed).
    static func details(_ report: RefreshReport) -> [String] {
        let diff = report.diff
        var lines = ["\(report.memberCount) members, \(report.pendingInviteCount) pending invites; "
            + "\(report.recordsCreated) SCIM records created, \(report.recordsMarkedRemoved) marked removed outside Scimify", ""]
        if diff.isFirstRefresh { lines.append("first refresh: everything is new") }
        let limit = 12
        var changes: [String] = []
        changes += diff.newMembers.map { "+ member \($0.email) (\($0.role))" }
        changes += diff.removedMembers.map { "- member \($0.email) (\($0.role)) is gone" }
        changes += diff.roleChanges.map { "~ member \($0.member.email): \($0.from) -> \($0.to)" }
        changes += diff.invitesAccepted.map { "+ invite of \($0.email) accepted" }
        changes += diff.newInvites.map { "+ invite \($0.email) (\($0.role))" }
        changes += diff.invitesExpired.map { "- invite of \($0.email) expired" }
        changes += diff.invitesCancelled.map { "- invite of \($0.email) cancelled" }
        if diff.isFirstRefresh {
            lines.append("\(diff.newMembers.count) members and \(diff.newInvites.count) invites imported")
        } else if changes.isEmpty {
            lines.append("no change since the last refresh")
        } else {
            lines += changes.prefix(limit)
            if changes.count > limit { lines.append("… and \(changes.count - limit) more (see the audit log)") }
        }
        return lines
    }

    private func readiness() async -> ConsoleEvent {
        do {
            let records = try database.records(instanceID: instance.id)
            let audit = try database.auditEvents(instanceID: instance.id, since: Date().addingTimeInterval(-7 * 86_400))
            let check = ReadinessCheck(api: context.client, mayProbe: instance.mode == .enforce)
            return .readinessFinished(try await check.run(records: records, recentAudit: audit), failure: nil)
        } catch {
            return .readinessFinished(nil, failure: Self.message(error))
        }
    }

    private func testConnection(_ slug: String) async -> ConsoleEvent {
        do {
            guard let target = try database.instance(named: slug) else {
                return .instanceActionFinished(message: nil, failure: "no instance \(slug)", notice: nil)
            }
            let client = try connection.client(for: target, in: database)
            let organization = try await client.organization()
            return .instanceActionFinished(
                message: "\(slug): connection ok, organization \(SafeText.neutralized(organization.value.name))"
                    + (organization.requestID.map { " · request-id \($0)" } ?? ""),
                failure: nil, notice: nil)
        } catch {
            return .instanceActionFinished(message: nil, failure: "\(slug): \(Self.message(error))", notice: nil)
        }
    }

    private func rotateToken(_ slug: String) -> ConsoleEvent {
        do {
            guard let target = try database.instance(named: slug) else {
                return .instanceActionFinished(message: nil, failure: "no instance \(slug)", notice: nil)
            }
            let token = try database.rotateToken(of: target)
            return .instanceActionFinished(
                message: "\(slug): SCIM token rotated; the old one no longer works", failure: nil,
                notice: ["New SCIM bearer token of \(slug):", "", token, "",
                         "SCIM base path: \(target.scimBasePath)", "Paste it into the IdP's SCIM connector now."])
        } catch {
            return .instanceActionFinished(message: nil, failure: Self.message(error), notice: nil)
        }
    }

    private func addInstance(_ new: NewInstance) async -> ConsoleEvent {
        guard let key = AdminAPIKey(new.apiKey) else {
            return .instanceActionFinished(message: nil, failure: "the Admin API key is empty", notice: nil)
        }
        do {
            let client = connection.makeClient(baseURL: new.apiBaseURL, key: key)
            let organization = try await client.organization()
            let created = try database.addInstance(name: new.name, apiBaseURL: new.apiBaseURL, apiKey: new.apiKey, mode: .enforce)
            let slug = created.instance.slug
            return .instanceActionFinished(
                message: "added \(slug) for organization \(SafeText.neutralized(organization.value.name))", failure: nil,
                notice: ["Instance \(slug) added (mode enforce).", "", "SCIM base path: \(created.instance.scimBasePath)",
                         "SCIM bearer token:", created.scimToken, "", "Paste both into the IdP's SCIM connector now."])
        } catch {
            return .instanceActionFinished(message: nil, failure: "not added: \(Self.message(error))", notice: nil)
        }
    }

    /// An operator-readable error: the core's message with its request-id, the store's message, or the type.
    static func message(_ error: any Error) -> String {
        switch error {
        case let error as ProvisioningError: error.description
        case let error as StoreError: error.message
        default: SafeText.neutralized("\(error)")
        }
    }
}
