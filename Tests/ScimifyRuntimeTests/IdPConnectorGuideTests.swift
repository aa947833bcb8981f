import Foundation
import ScimifyCore
import ScimifyRuntime
import Testing

/// The IdP's SCIM app fields for an instance (issue 22, section 1): a full connector URL, the attribute's exact
/// external name and namespace, the four values, and the JIT choice.
@Suite struct IdPConnectorGuideTests {
    static let instance = Instance(
        id: 1, slug: "acme-prod", name: "Acme Prod", apiBaseURL: "https://api.anthropic.com", mode: .enforce,
        createdAt: Date(timeIntervalSince1970: 1_780_000_000))

    private func value(_ guide: IdPConnectorGuide, _ label: String) -> String? {
        guide.fields.first { $0.label == label }?.value
    }

    @Test func oktaFieldsCarryTheFullURLAndTheExactAttribute() {
        let guide = IdPConnectorGuide(idp: .okta, instance: Self.instance, publicBaseURL: "https://scim.acme.example/")
        #expect(
            value(guide, "SCIM connector base URL") == "https://scim.acme.example/instances/acme-prod/scim/v2",
            "one slash between the public URL and the path")
        #expect(value(guide, "Unique identifier field for users") == "userName")
        #expect(value(guide, "Authentication Mode") == "HTTP Header")
        #expect(value(guide, "External name") == "claude_role")
        #expect(value(guide, "External namespace") == "urn:ietf:params:scim:schemas:extension:custom:2.0:User")
        #expect(value(guide, "Enum values") == "user, developer, billing, claude_code_user")
        #expect(guide.fields.contains { $0.note?.contains("turn Create Users off") == true }, "the JIT choice")
        #expect(guide.text.contains("    External namespace: urn:ietf:params:scim:schemas:extension:custom:2.0:User"))
    }

    @Test func entraFieldsAndAPathWhenThePublicURLIsNotGiven() {
        let guide = IdPConnectorGuide(idp: .entra, instance: Self.instance, publicBaseURL: nil)
        let tenant = guide.fields.first { $0.label == "Tenant URL" }
        #expect(tenant?.value == "/instances/acme-prod/scim/v2")
        #expect(tenant?.note?.contains("--public-base-url") == true, "a path says how to make it a URL")
        #expect(
            value(guide, "Add attribute")
                == "urn:ietf:params:scim:schemas:extension:custom:2.0:User:claude_role (String)")
        #expect(value(guide, "Provision Microsoft Entra ID Groups") == "No")
        #expect(!guide.text.contains("scimify_"), "never a token")
    }
}
