import ArgumentParser
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyRuntime
import ScimifyStorage

extension Scimify {
    /// `scimify instances ...`: the Claude organizations this Scimify serves.
    struct Instances: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Manage instances (one per Claude organization): keys, SCIM tokens, modes.",
            subcommands: [
                Add.self, List.self, Show.self, Test.self, RotateToken.self, Remove.self, SetMode.self, SetGuard.self,
                SetColor.self, SetOffboarding.self,
            ]
        )

        /// `instances add`.
        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Add an instance: tests the key, stores it encrypted, prints the SCIM token once."
            )
            @OptionGroup var store: StoreOptions
            @Option(help: "Display name (the slug is derived from it).") var name: String
            @Option(help: "Admin API base URL.") var apiBaseURL: String = AdminAPIClient.Configuration.defaultBaseURL
            @Option(help: "Read the Admin API key from this file (else ANTHROPIC_ADMIN_KEY).") var adminKeyFile: String?
            @Option(help: "enforce or dry-run.") var mode: Instance.Mode = .enforce
            @Option(help: "okta or entra: also print that IdP's SCIM app fields.") var idp: IdPConnectorGuide.IdP?
            @Option(help: "The URL the IdP reaches `scimify serve` at (for the IdP's connector base URL).")
            var publicBaseURL: String?
            @Flag(help: "Print one JSON object.") var json = false

            func validate() throws {
                try ConnectionOptions.validateURL(apiBaseURL)
                if let publicBaseURL { try ConnectionOptions.validateURL(publicBaseURL) }
            }

            func run() async throws {
                var connection = try ConnectionOptions.parse(["--api-base-url", apiBaseURL])
                connection.adminKeyFile = adminKeyFile
                let key = try connection.loadKey()
                let administration = InstanceAdministration(
                    store: try await store.open(), settings: connection.clientSettings, actorName: "cli:\(cliUser)")
                let progress = RefreshProgressLine(enabled: !json && isatty(STDERR_FILENO) == 1)
                let added = try await reportingFailures {
                    try await administration.add(
                        name: name, apiBaseURL: apiBaseURL, key: key, mode: mode, progress: progress.callback)
                }
                progress.finish()
                let (instance, org) = (added.instance, added.organization)
                if json {
                    print(
                        OutputFormat.jsonLine([
                            "name": instance.name, "slug": instance.slug, "scim_base_path": instance.scimBasePath,
                            "scim_token": added.scimToken, "mode": instance.mode.rawValue, "organization": org.name,
                            "first_refresh": added.firstRefresh.map {
                                ["members": $0.memberCount, "pending_invites": $0.pendingInviteCount]
                            },
                            "first_refresh_error": added.firstRefreshFailure,
                            "idp": idp?.rawValue,
                            "idp_fields": idp.map {
                                Show.jsonFields(
                                    IdPConnectorGuide(idp: $0, instance: instance, publicBaseURL: publicBaseURL))
                            },
                        ]))
                } else {
                    print(
                        """
                        added instance \(instance.slug) (\(SafeText.neutralized(instance.name))) for organization \
                        \(SafeText.neutralized(org.name)), mode \(instance.mode.rawValue)
                        SCIM base path: \(instance.scimBasePath)
                        SCIM token (shown once; store it in the IdP now): \(added.scimToken)
                        """)
                    if let report = added.firstRefresh { print(InstanceRuntime.firstRefreshLine(report)) }
                    if let idp {
                        print("")
                        print(IdPConnectorGuide(idp: idp, instance: instance, publicBaseURL: publicBaseURL).text)
                    } else {
                        print(
                            "connect an IdP: scimify instances show \(instance.slug) --idp okta|entra "
                                + "--public-base-url URL")
                    }
                }
                // The instance is added and its token shown either way; a failed first refresh is still a failure.
                if let failure = added.firstRefreshFailure {
                    throw CLIFailure(message: "error: \(failure)", status: .upstream)
                }
            }
        }

        /// `instances list`.
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List instances.")
            @OptionGroup var store: StoreOptions
            @Flag(help: "One JSON object a line.") var json = false

            func run() async throws {
                let database = try await store.open()
                let instances = try await storeFailures { try await database.instances() }
                var table = TextTable(
                    "SLUG", "NAME", "MODE", "REMOVAL GUARD", "API BASE URL", "SCIM BASE PATH", "LAST REFRESH")
                for instance in instances {
                    let refreshed = try await storeFailures { try await database.lastRefresh(instanceID: instance.id) }
                    if json {
                        print(
                            OutputFormat.jsonLine([
                                "slug": instance.slug, "name": instance.name, "mode": instance.mode.rawValue,
                                "api_base_url": instance.apiBaseURL, "scim_base_path": instance.scimBasePath,
                                "created_at": OutputFormat.timestamp(instance.createdAt),
                                "removal_guard": [
                                    "max_removals": instance.removalGuard.maxRemovals,
                                    "window_minutes": instance.removalGuard.windowMinutes,
                                ],
                                "header_color": instance.headerColor.rawValue,
                                "last_refresh": refreshed.map(OutputFormat.timestamp),
                            ]))
                    } else {
                        table.append([
                            instance.slug, instance.name, instance.mode.rawValue, instance.removalGuard.summary,
                            instance.apiBaseURL,
                            instance.scimBasePath, refreshed.map(OutputFormat.timestamp) ?? "never",
                        ])
                    }
                }
                if !json {
                    print(instances.isEmpty ? "no instances; add one with `scimify instances add`" : table.render())
                }
            }
        }

        /// `instances test NAME`.
        struct Test: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Test an instance's stored key.")
            @OptionGroup var store: StoreOptions
            @Argument(help: "Instance slug or name.", completion: ShellCompletions.instances) var name: String
            @Flag(help: "Print the result as one JSON object.") var json = false

            func run() async throws {
                let context = try await store.instanceContext(name)
                let org = try await reportingFailures { try await context.client.organization() }
                OutputFormat.result(
                    "ok: \(context.instance.slug) reaches \(SafeText.neutralized(org.value.name)) (\(org.value.id))"
                        + (org.requestID.map { " (request-id: \($0))" } ?? ""), json: json,
                    [
                        "instance": context.instance.slug, "ok": true, "organization": org.value.name,
                        "organization_id": org.value.id, "request_id": org.requestID,
                    ])
            }
        }

        /// `instances rotate-token NAME`.
        struct RotateToken: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Replace the SCIM token; prints the new one once.")
            @OptionGroup var store: StoreOptions
            @Argument(help: "Instance slug or name.", completion: ShellCompletions.instances) var name: String
            @Flag(help: "Print the result as one JSON object.") var json = false

            func run() async throws {
                let database = try await store.open()
                let instance = try await storeFailures { try await database.resolveInstance(name) }
                let administration = InstanceAdministration(
                    store: database, settings: ClientSettings(), actorName: "cli:\(cliUser)")
                let token = try await storeFailures { try await administration.rotateToken(of: instance) }
                OutputFormat.result(
                    "new SCIM token for \(instance.slug) (shown once; the old one stops working now): \(token)",
                    json: json, ["instance": instance.slug, "scim_token": token])
            }
        }

        /// `instances remove NAME`.
        struct Remove: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Remove an instance and its records (the audit log stays).")
            @OptionGroup var store: StoreOptions
            @Argument(help: "Instance slug or name.", completion: ShellCompletions.instances) var name: String
            @Flag(name: .shortAndLong, help: "Do not ask for confirmation.") var yes = false
            @Flag(help: "Print the result as one JSON object.") var json = false

            func run() async throws {
                let database = try await store.open()
                let instance = try await storeFailures { try await database.resolveInstance(name) }
                if !yes {
                    FileHandle.standardError.write(
                        Data(
                            "Remove instance \(instance.slug) with its SCIM records and mirror? Nothing changes in Claude. [y/N] "
                                .utf8))
                    let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased()
                    guard answer == "y" || answer == "yes" else {
                        throw CLIFailure(message: "not confirmed; nothing was changed", status: .refused)
                    }
                }
                try await storeFailures {
                    try await database.removeInstance(
                        instance,
                        audit: AuditEvent(
                            at: Date(), instanceID: nil, instanceSlug: instance.slug, actor: "cli:\(cliUser)",
                            action: "instance.remove", targetEmail: nil, outcome: .ok,
                            detail: "removed \(instance.slug)"))
                }
                OutputFormat.result(
                    "removed instance \(instance.slug)", json: json, ["instance": instance.slug, "removed": true])
            }
        }

        /// `instances set-mode NAME enforce|dry-run`.
        struct SetMode: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Switch an instance between enforce and dry-run.")
            @OptionGroup var store: StoreOptions
            @Argument(help: "Instance slug or name.", completion: ShellCompletions.instances) var name: String
            @Argument(help: "enforce or dry-run.") var mode: Instance.Mode
            @Flag(help: "Print the result as one JSON object.") var json = false

            func run() async throws {
                let database = try await store.open()
                let instance = try await storeFailures { try await database.resolveInstance(name) }
                try await storeFailures {
                    try await database.changeSetting(.mode(mode), of: instance, actor: "cli:\(cliUser)", at: Date())
                }
                OutputFormat.result(
                    "\(instance.slug) is now in \(mode.rawValue) mode", json: json,
                    ["instance": instance.slug, "mode": mode.rawValue])
            }
        }
    }
}

extension Instance.Mode: ExpressibleByArgument {}

/// Runs a store operation, reporting ``StoreError`` as a usage-class failure (exit 2).
@discardableResult
func storeFailures<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as StoreError {
        throw CLIFailure(message: "error: \(error.message)", status: .usage)
    }
}
