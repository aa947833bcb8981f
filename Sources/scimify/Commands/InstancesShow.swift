import ArgumentParser
import Foundation
import ScimifyCore
import ScimifyRuntime
import ScimifyStorage

extension Scimify.Instances {
    /// `instances show NAME [--idp okta|entra] [--public-base-url URL] [--json]`.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show an instance; with --idp, what the IdP's SCIM app form asks for, field by field.",
            discussion: """
                --idp okta or --idp entra prints each field of the identity provider's SCIM app with the value for \
                this instance: the connector base URL (built from --public-base-url, the URL the IdP reaches \
                `scimify serve` at), authentication, the unique identifier, the provisioning actions and the \
                claude_role attribute with its exact external name and namespace, so a copy-paste works. The SCIM \
                token itself is never shown again: `instances add` printed it once, `instances rotate-token` makes \
                a new one.
                """)
        @OptionGroup var store: StoreOptions
        @Argument(help: "Instance slug or name.", completion: ShellCompletions.instances) var name: String
        @Option(help: "okta or entra: print that IdP's SCIM app fields.") var idp: IdPConnectorGuide.IdP?
        @Option(help: "The URL the IdP reaches `scimify serve` at (as given to serve --public-base-url).")
        var publicBaseURL: String?
        @Flag(help: "Print one JSON object.") var json = false

        func validate() throws {
            if let publicBaseURL { try ConnectionOptions.validateURL(publicBaseURL) }
        }

        func run() async throws {
            let database = try await store.open()
            let instance = try await storeFailures { try await database.resolveInstance(name) }
            let refreshed = try await storeFailures { try await database.lastRefresh(instanceID: instance.id) }
            let guide = idp.map { IdPConnectorGuide(idp: $0, instance: instance, publicBaseURL: publicBaseURL) }
            if json {
                print(
                    OutputFormat.jsonLine([
                        "slug": instance.slug, "name": instance.name, "mode": instance.mode.rawValue,
                        "scim_base_path": instance.scimBasePath, "last_refresh": refreshed.map(OutputFormat.timestamp),
                        "idp": guide.map { $0.idp.rawValue },
                        "idp_fields": guide.map(Self.jsonFields),
                    ]))
                return
            }
            print(
                "\(instance.slug) (\(SafeText.neutralized(instance.name))), mode \(instance.mode.rawValue), "
                    + "SCIM base path \(instance.scimBasePath), "
                    + (refreshed.map { "last refresh \(OutputFormat.timestamp($0))" } ?? "never refreshed"))
            if let guide {
                print("")
                print(guide.text)
            } else {
                print("connect an IdP: scimify instances show \(instance.slug) --idp okta|entra --public-base-url URL")
            }
        }
    }
}

extension Scimify.Instances.Show {
    /// The guide's fields as `--json` gives them (`instances show` and `instances add`).
    static func jsonFields(_ guide: IdPConnectorGuide) -> [[String: Any?]] {
        guide.fields.map { ["section": $0.section, "label": $0.label, "value": $0.value, "note": $0.note] }
    }
}

extension IdPConnectorGuide.IdP: ExpressibleByArgument {}
