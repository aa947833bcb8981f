import Foundation
import SCIMProtocol
import Testing

@Suite struct SCIMUserParsingTests {
    private func user(_ json: String, existing: SCIMUser? = nil) throws(SCIMError) -> SCIMUser {
        try SCIMUser.from(body: try JSONValue.parse(Data(json.utf8)), existing: existing)
    }

    @Test func oktaCreateBody() throws {
        let parsed = try user(
            #"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"test.user@okta.local",
             "name":{"givenName":"Test","familyName":"User"},
             "emails":[{"primary":true,"value":"test.user@okta.local","type":"work"}],
             "displayName":"Test User","locale":"en-US","externalId":"00ujl29u0le5T6Aj10h7",
             "groups":[],"password":"1mz050nq","active":true}
            """#)
        #expect(parsed.userName == "test.user@okta.local")
        #expect(parsed.givenName == "Test" && parsed.familyName == "User")
        #expect(parsed.emails == [.init(value: "test.user@okta.local", type: "work", primary: true)])
        #expect(parsed.externalID == "00ujl29u0le5T6Aj10h7")
        #expect(parsed.active)
        #expect(parsed.claudeRole == nil)
        #expect(parsed.provisioningEmail == "test.user@okta.local")
    }

    @Test func entraCreateBodyWithMetaNullsAndStringBooleans() throws {
        let parsed = try user(
            #"""
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
             "externalId":"jyoung","userName":"Jay.Young@contoso.example","active":"True","meta":{"resourceType":"User"},
             "roles":[],"title":null,"addresses":null,"displayName":"Jay",
             "emails":[{"primary":"true","type":"work","value":"Jay.Young@contoso.example"}],
             "name":{"formatted":"Jay Young","familyName":"Young","givenName":"Jay"},
             "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"employeeNumber":"7","department":"Ops"}}
            """#)
        #expect(parsed.userName == "Jay.Young@contoso.example")  // case preserved
        #expect(parsed.active)
        #expect(parsed.emails.first?.primary == true)
        #expect(parsed.formattedName == "Jay Young")
    }

    @Test(arguments: [
        (#"{"userName":"a@x.example","claude_role":"developer"}"#, "developer"),
        (
            #"{"userName":"a@x.example","urn:ietf:params:scim:schemas:extension:custom:2.0:User:claude_role":"billing"}"#,
            "billing"
        ),
        (
            #"{"userName":"a@x.example","urn:ietf:params:scim:schemas:extension:custom:2.0:User":{"claude_role":"user"}}"#,
            "user"
        ),
        (
            #"{"userName":"a@x.example","claude_role":"user","URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:CUSTOM:2.0:USER":{"CLAUDE_ROLE":"developer"}}"#,
            "developer"
        ),
    ])
    func claudeRoleInAllThreeFormsNestedWins(_ json: String, _ role: String) throws {
        #expect(try user(json).claudeRole == role)
    }

    @Test func putKeepsAbsentActiveAndRole() throws {
        let existing = SCIMUser(userName: "a@x.example", active: false, claudeRole: "developer")
        let replaced = try user(#"{"userName":"a@x.example","displayName":"A"}"#, existing: existing)
        #expect(!replaced.active)
        #expect(replaced.claudeRole == "developer")
        let cleared = try user(#"{"userName":"a@x.example","claude_role":null}"#, existing: existing)
        #expect(cleared.claudeRole == nil)
    }

    @Test(arguments: [
        #"{"not":"a scim resource"}"#, #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}"#,
        #"{"userName":""}"#,
        #"{"userName":"a@x.example","active":"maybe"}"#, #"{"userName":"a@x.example","emails":"x"}"#,
        #"{"userName":"a@x.example","name":"x"}"#, #"{"userName":5}"#, #"[]"#,
        #"{"userName":"a@x.example","emails":[{"value":"a@x.example","primary":true},{"value":"b@x.example","primary":true}]}"#,
    ])
    func invalidBodiesAreInvalidValueOrSyntax(_ json: String) {
        do {
            _ = try user(json)
            Issue.record("accepted \(json)")
        } catch {
            #expect(error.status == 400)
            #expect(error.scimType == "invalidValue" || error.scimType == "invalidSyntax")
        }
    }

    @Test func hugeStringsAreRefused() {
        let name = String(repeating: "x", count: 5000)
        #expect(throws: SCIMError.self) { try user(#"{"userName":"a@x.example","displayName":"\#(name)"}"#) }
    }
}
