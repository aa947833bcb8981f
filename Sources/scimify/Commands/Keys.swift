import ArgumentParser
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyRuntime
import ScimifyStorage

extension Scimify {
    /// `scimify keys ...`: the organization's API keys (Console organizations).
    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "API keys of the organization: find keys whose creator left, deactivate keys.",
            subcommands: [List.self, Deactivate.self, Activate.self])

        /// `keys list [--orphaned] [--status S] [--workspace W] [--json]`.
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List API keys (never their secret: a redacted hint).",
                discussion: """
                    --orphaned keeps keys whose creator is no longer a member (from the stored mirror, or a live \
                    listing without a store). Keys with no recorded creator cannot be attributed and are only counted.
                    """)
            @OptionGroup var connection: ConnectionOptions
            @Flag(help: "Only keys whose creator is no longer a member.") var orphaned = false
            @Option(help: "Only keys with this status: active, inactive, archived or expired.") var status: String?
            @Option(help: "Only keys of this workspace id.") var workspace: String?
            @Flag(help: "One JSON object a line.") var json = false

            func validate() throws {
                if let status, !APIKey.Status.documented.map(\.rawValue).contains(status) {
                    throw ValidationError("--status must be active, inactive, archived or expired")
                }
            }

            func run() async throws {
                let context = try await connection.instanceContext()
                let client = try context?.client ?? connection.client()
                var keys = try await reportingFailures {
                    try await explainingNoKeyEndpoints {
                        try await client.listAPIKeys(workspaceID: workspace, status: status.map(APIKey.Status.init))
                            .value
                    }
                }
                let unattributed = keys.filter { $0.createdByUserID == nil }.count
                // Makers are named from the stored mirror (as the console does), or a live listing for
                // --orphaned without a store.
                var members: [Member]?
                if let context { members = try await context.store.mirror(instanceID: context.instance.id)?.members }
                if members == nil, orphaned {
                    members = try await reportingFailures { try await client.listAllMembers(progress: nil) }
                }
                let makers = members.map { APIKeyMaker.of(keys, people: $0.lazy.map { ($0.id, $0.email) }) }
                if orphaned { keys = keys.filter { makers?[$0.id]?.isDeparted == true } }
                if json {
                    OutputFormat.printLines(keys.map { KeyRendering.json($0, madeBy: makers?[$0.id]) })
                    return
                }
                print(KeyRendering.table(keys, makers: makers))
                var summary = "\(keys.count) key\(keys.count == 1 ? "" : "s")"
                if orphaned { summary += " whose creator is no longer a member" }
                if unattributed > 0 {
                    summary += "; \(unattributed) listed without a recorded creator (not attributable)"
                }
                print(summary)
            }
        }

        /// `keys deactivate ID... [--yes]`.
        struct Deactivate: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Set API keys inactive (reversible), audited with id and hint, never the key itself.")
            @OptionGroup var connection: ConnectionOptions
            @Argument(help: "Key ids (apikey_...).") var ids: [String]
            @Flag(name: .shortAndLong, help: "Do not ask for confirmation.") var yes = false
            @Flag(help: "One JSON object a key: its id, new status, request-id (no table).") var json = false

            func run() async throws {
                try await changeKeyStatus(to: .inactive, ids: ids, yes: yes, json: json, connection)
            }
        }

        struct Activate: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Set inactive API keys active again, audited with id and hint, never the key itself.")
            @OptionGroup var connection: ConnectionOptions
            @Argument(help: "Key ids (apikey_...).") var ids: [String]
            @Flag(name: .shortAndLong, help: "Do not ask for confirmation.") var yes = false
            @Flag(help: "One JSON object a key: its id, new status, request-id (no table).") var json = false

            func run() async throws {
                try await changeKeyStatus(to: .active, ids: ids, yes: yes, json: json, connection)
            }
        }
    }
}

/// `keys deactivate` and `keys activate`: reads each key, shows them, asks (unless `--yes` or dry-run), then
/// sets each through ``KeyOffboarding/setStatus(of:to:creator:)``, the console's path too (audited per key).
private func changeKeyStatus(
    to status: APIKey.Status, ids: [String], yes: Bool, json: Bool, _ connection: ConnectionOptions
) async throws {
    let context = try await connection.instanceContext()
    let client = try context?.client ?? connection.client()
    let keys = try await reportingFailures {
        var found: [APIKey] = []
        for id in ids { found.append(try await client.apiKey(id: id).value) }
        return found
    }
    if !json { print(KeyRendering.table(keys)) }
    if !yes, context?.instance.mode != .dryRun {
        FileHandle.standardError.write(Data("Set these \(keys.count) keys \(status.rawValue)? [y/N] ".utf8))
        let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
        guard answer == "y" || answer == "yes" else {
            throw CLIFailure(message: "not confirmed; nothing was changed", status: .refused)
        }
    }
    let offboarding =
        context.map { $0.runtime.keyOffboarding(actor: $0.actor) }
        ?? KeyOffboarding(client: client, instance: nil, actor: "cli:\(cliUser)", audit: nil)
    for key in keys {
        let changed = try await reportingFailures {
            try await offboarding.setStatus(of: key, to: status, creator: key.createdByUserID)
        }
        guard let changed else {
            OutputFormat.result(
                "dry-run: \(key.id) would be set \(status.rawValue); nothing was sent", json: json,
                ["id": key.id, "status": key.status.rawValue, "dry_run": true, "would_be": status.rawValue])
            continue
        }
        OutputFormat.result(
            "\(key.id): \(status.rawValue)" + (changed.requestID.map { " (request-id: \($0))" } ?? ""), json: json,
            ["id": key.id, "status": status.rawValue, "request_id": changed.requestID])
    }
}

/// How API keys are printed: a table, or JSON lines; the hint only, never a secret (the API never returns one).
/// What the CLI says when the organization has no workspace or API-key endpoints (an Enterprise organization's key
/// reaches only members and invites, spec §12; a 403, 404 or 400 `organization_type_not_supported`).
let noKeyEndpointsSentence =
    "this organization has no workspace or API key endpoints (an Enterprise organization has none), so there are no "
    + "keys to list and none outlives a removal through them"

/// Runs a read of the key or workspace endpoints; an organization without them is said in words (exit 1), never
/// as the raw 404 or 400.
func explainingNoKeyEndpoints<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as ProvisioningError where error.meansNoKeyEndpoints {
        throw CLIFailure(message: "error: \(noKeyEndpointsSentence) (\(error.description))", status: .refused)
    }
}

enum KeyRendering {
    /// - Parameter makers: who made each key (by key id), when the members are known: the CREATED BY column
    ///   then names them (`jane@acme.example`, `left · user_…`), else it shows the user id.
    /// - Parameter workspaceNames: workspace names by id, when they are known (the WORKSPACE column then says
    ///   `Production` instead of `wrkspc_…`).
    static func table(
        _ keys: [APIKey], makers: [String: APIKeyMaker]? = nil, workspaceNames: [String: String] = [:]
    ) -> String {
        var table = TextTable("ID", "NAME", "HINT", "WORKSPACE", "STATUS", "CREATED BY", "CREATED", "EXPIRES")
        for key in keys {
            let workspace = key.workspaceID.flatMap { workspaceNames[$0] }.map { SafeText.neutralized($0, limit: 40) }
            table.append([
                key.id, SafeText.neutralized(key.name, limit: 60), key.hint ?? "-", workspace ?? Self.workspace(key),
                key.status.rawValue, makers?[key.id].map(\.short) ?? key.createdByUserID ?? "-",
                OutputFormat.day(key.createdAt),
                key.expiresAt.map(OutputFormat.day) ?? "never",
            ])
        }
        return table.render()
    }

    /// `madeBy`, when the members are known, adds `created_by_email` (a member's) and `creator_is_member`.
    static func json(_ key: APIKey, madeBy: APIKeyMaker? = nil) -> String {
        var email: String?
        if case .member(let address, _) = madeBy { email = address }
        let isMember: Bool? = key.createdByUserID == nil ? nil : madeBy.map { !$0.isDeparted }
        return OutputFormat.jsonLine([
            "type": "api_key", "id": key.id, "name": key.name, "hint": key.hint, "workspace_id": key.workspaceID,
            "scope_type": key.scopeType.rawValue,
            "status": key.status.rawValue, "created_by_user_id": key.createdByUserID,
            "created_by_email": email, "creator_is_member": isMember,
            "created_at": OutputFormat.timestamp(key.createdAt),
            "expires_at": key.expiresAt.map(OutputFormat.timestamp),
            "principal": principal(key.principal),
        ])
    }

    /// The WORKSPACE column: `organization` for an organization-scoped key, `default` for the Default Workspace
    /// of an older response, else the workspace id.
    static func workspace(_ key: APIKey) -> String {
        key.scopeType == .organization ? "organization" : key.workspaceID ?? "default"
    }

    static func principal(_ principal: APIKey.Principal) -> String {
        switch principal {
        case .user: "user"
        case .serviceAccount: "service_account"
        case .none: "none"
        case .other(let type): type
        }
    }
}
