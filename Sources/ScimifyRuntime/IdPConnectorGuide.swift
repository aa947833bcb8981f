import Foundation
import ScimifyCore

/// What an identity provider's SCIM app form asks for, field by field, with the values for one instance: the
/// connector base URL (a full URL built from `serve --public-base-url`), how to authenticate, the unique
/// identifier, the provisioning actions, and the `claude_role` attribute with its exact external name and the
/// four values (spec §13, §15). `scimify instances show NAME --idp okta|entra` and `instances add --idp` print
/// it; `--json` gives the same fields.
///
/// The field names follow Okta's App Integration Wizard SCIM app and Entra ID's non-gallery enterprise app as
/// their public documentation describes them. UNVERIFIED: the exact labels of the current admin consoles (they
/// are renamed from time to time); a field whose label could not be checked says so in its note.
public struct IdPConnectorGuide: Sendable, Equatable {
    /// The identity providers with a guide.
    public enum IdP: String, Sendable, CaseIterable {
        case okta
        case entra
    }

    /// One field of the IdP's form: where it is, its label, the value to enter, and a note.
    public struct Field: Sendable, Equatable {
        public var section: String
        public var label: String
        public var value: String
        public var note: String?
    }

    /// The namespace of the `claude_role` attribute (spec §13, form 3).
    public static let roleNamespace = "urn:ietf:params:scim:schemas:extension:custom:2.0:User"
    /// The attribute's external name.
    public static let roleAttribute = "claude_role"

    public let idp: IdP
    public let fields: [Field]

    /// The guide for `instance`.
    /// - Parameter publicBaseURL: the URL the IdP reaches `scimify serve` at (`serve --public-base-url`);
    ///   without it the base URL field says how to build it from the instance's path.
    public init(idp: IdP, instance: Instance, publicBaseURL: String?) {
        self.idp = idp
        let baseURL: String
        let baseNote: String?
        if let publicBaseURL {
            let root = publicBaseURL.hasSuffix("/") ? String(publicBaseURL.dropLast()) : publicBaseURL
            baseURL = root + instance.scimBasePath
            baseNote = nil
        } else {
            baseURL = instance.scimBasePath
            baseNote =
                "a path: put the URL the IdP reaches `scimify serve --public-base-url` at in front of it "
                + "(pass --public-base-url here to print the whole URL)"
        }
        let roles = ClaudeRole.provisionable.map(\.rawValue).joined(separator: ", ")
        let token =
            "the SCIM token `scimify instances add` printed once (a new one: `scimify instances rotate-token "
            + "\(instance.slug)`)"
        switch idp {
        case .okta:
            fields = [
                Field(
                    section: "Provisioning > Integration", label: "SCIM connector base URL", value: baseURL,
                    note: baseNote),
                Field(
                    section: "Provisioning > Integration", label: "Unique identifier field for users", value: "userName"
                ),
                Field(
                    section: "Provisioning > Integration", label: "Supported provisioning actions",
                    value: "Push New Users, Push Profile Updates, Import New Users and Profile Updates",
                    note: "leave Push Groups off: Scimify has no Groups endpoint; roles come from claude_role"),
                Field(section: "Provisioning > Integration", label: "Authentication Mode", value: "HTTP Header"),
                Field(section: "Provisioning > Integration", label: "Authorization (Bearer)", value: token),
                Field(
                    section: "Provisioning > To App", label: "Enable",
                    value: "Create Users, Update User Attributes, Deactivate Users",
                    note: "a JIT (SSO-managed) Claude organization refuses invites: turn Create Users off there and "
                        + "let people join by SSO; Scimify then links and updates them (Option B)"),
                Field(
                    section: "Profile Editor > Add Attribute", label: "Data type / Variable name",
                    value: "string / \(Self.roleAttribute)"),
                Field(
                    section: "Profile Editor > Add Attribute", label: "External name", value: Self.roleAttribute),
                Field(
                    section: "Profile Editor > Add Attribute", label: "External namespace", value: Self.roleNamespace),
                Field(
                    section: "Profile Editor > Add Attribute", label: "Enum values", value: roles,
                    note: "admin is never assignable through Scimify (400); an empty value means user"),
            ]
        case .entra:
            fields = [
                Field(section: "Provisioning > Admin Credentials", label: "Tenant URL", value: baseURL, note: baseNote),
                Field(section: "Provisioning > Admin Credentials", label: "Secret Token", value: token),
                Field(
                    section: "Provisioning > Mappings", label: "Provision Microsoft Entra ID Groups", value: "No",
                    note: "Scimify has no Groups endpoint; roles come from claude_role"),
                Field(
                    section: "Provisioning > Mappings > Users", label: "Matching attribute",
                    value: "userName (from userPrincipalName or mail)"),
                Field(
                    section: "Provisioning > Mappings > Users", label: "Target Object Actions",
                    value: "Create, Update, Delete",
                    note: "a JIT (SSO-managed) Claude organization refuses invites: clear Create there (Option B); "
                        + "UNVERIFIED: the checkbox label in the current portal"),
                Field(
                    section: "Mappings > Users > Show advanced options > Edit attribute list", label: "Add attribute",
                    value: "\(Self.roleNamespace):\(Self.roleAttribute) (String)"),
                Field(
                    section: "Provisioning > Mappings > Users", label: "Mapping to that attribute",
                    value: "a constant, a directory attribute or an expression giving one of: \(roles)",
                    note: "admin is never assignable through Scimify (400); an empty value means user"),
            ]
        }
    }

    /// The guide as text, one field a line, grouped by section.
    public var text: String {
        var lines = ["Connect \(idp == .okta ? "Okta" : "Microsoft Entra ID") to this instance:"]
        var section = ""
        for field in fields {
            if field.section != section {
                section = field.section
                lines.append("  \(section)")
            }
            lines.append("    \(field.label): \(field.value)")
            if let note = field.note { lines.append("      (\(note))") }
        }
        return lines.joined(separator: "\n")
    }
}
