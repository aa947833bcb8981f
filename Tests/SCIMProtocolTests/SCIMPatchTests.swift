import Foundation
import SCIMProtocol
import Testing

@Suite struct SCIMPatchTests {
    let base = SCIMUser(
        userName: "jane@example.com", givenName: "Jane", familyName: "Smith",
        emails: [.init(value: "jane@example.com", type: "work", primary: true)], active: true, claudeRole: "user"
    )

    private func patch(_ operations: String, to user: SCIMUser? = nil) throws(SCIMError) -> SCIMUser {
        let body = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":\#(operations)}"#
        return try SCIMPatch.apply(try JSONValue.parse(Data(body.utf8)), to: user ?? base)
    }

    @Test func oktaDeactivateAndReactivateWithoutPath() throws {
        let off = try patch(#"[{"op":"replace","value":{"active":false}}]"#)
        #expect(!off.active)
        #expect(try patch(#"[{"op":"replace","value":{"active":true}}]"#, to: off).active)
        #expect(try patch(#"[{"op":"replace","value":{"password":"secret"}}]"#) == base)
    }

    @Test func entraDisableWithCapitalOpAndStringBoolean() throws {
        #expect(!(try patch(#"[{"op":"Replace","path":"active","value":"False"}]"#).active))
        #expect(!(try patch(#"[{"op":"replace","path":"active","value":false}]"#).active))
    }

    @Test func entraMultiAttributeUpdateIgnoresUnstoredAttributes() throws {
        let patched = try patch(
            #"""
            [{"op":"Replace","path":"emails[type eq \"work\"].value","value":"new@example.com"},
             {"op":"Replace","path":"name.givenName","value":"Janet"},
             {"op":"Add","path":"externalId","value":"ext-1"},
             {"op":"Replace","path":"displayName","value":"Janet S"},
             {"op":"Replace","path":"userName","value":"new@example.com"},
             {"op":"Add","path":"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber","value":"7"},
             {"op":"Add","path":"title","value":"Boss"},
             {"op":"Add","path":"phoneNumbers[type eq \"work\"].value","value":"555"}]
            """#)
        #expect(patched.emails == [.init(value: "new@example.com", type: "work", primary: true)])
        #expect(patched.givenName == "Janet" && patched.externalID == "ext-1" && patched.displayName == "Janet S")
        #expect(patched.userName == "new@example.com")
    }

    @Test func entraComplianceFlagDottedAndURNKeysInOneValue() throws {
        let patched = try patch(
            #"""
            [{"op":"replace","value":{"displayName":"Bjfe","name.givenName":"Kkom","name.familyName":"Unua",
              "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber":"Aklq",
              "urn:ietf:params:scim:schemas:extension:custom:2.0:User:claude_role":"billing"}}]
            """#)
        #expect(patched.displayName == "Bjfe" && patched.givenName == "Kkom" && patched.familyName == "Unua")
        #expect(patched.claudeRole == "billing")
    }

    @Test func workEmailIsCreatedWhenAbsent() throws {
        let noEmail = SCIMUser(userName: "x", active: true)
        let patched = try patch(
            #"[{"op":"Add","path":"emails[type eq \"work\"].value","value":"x@example.com"}]"#, to: noEmail)
        #expect(patched.emails == [.init(value: "x@example.com", type: "work", primary: true)])
        #expect(throws: SCIMError.self) {
            try patch(#"[{"op":"remove","path":"emails[type eq \"home\"]"}]"#)
        }
    }

    @Test(arguments: [
        (#"[{"op":"replace","path":"claude_role","value":"developer"}]"#, "developer"),
        (
            #"[{"op":"replace","path":"urn:ietf:params:scim:schemas:extension:custom:2.0:User:claude_role","value":"billing"}]"#,
            "billing"
        ),
        (
            #"[{"op":"add","path":"urn:ietf:params:scim:schemas:extension:custom:2.0:User","value":{"claude_role":"claude_code_user"}}]"#,
            "claude_code_user"
        ),
        (#"[{"op":"replace","value":{"claude_role":"developer"}}]"#, "developer"),
    ])
    func claudeRoleInEveryPatchShape(_ operations: String, _ role: String) throws {
        #expect(try patch(operations).claudeRole == role)
    }

    @Test func removeClearsTheRole() throws {
        #expect(try patch(#"[{"op":"remove","path":"claude_role"}]"#).claudeRole == nil)
    }

    @Test func removeWithValueRemovesOnlyThoseEmails() throws {
        let two = SCIMUser(userName: "x", emails: [.init(value: "a@x.example"), .init(value: "b@x.example")])
        let patched = try patch(#"[{"op":"Remove","path":"emails","value":[{"value":"a@x.example"}]}]"#, to: two)
        #expect(patched.emails.map(\.value) == ["b@x.example"])
    }

    @Test(arguments: [
        (#"[{"op":"remove","path":"userName"}]"#, "mutability"),
        (#"[{"op":"replace","path":"id","value":"x"}]"#, "mutability"),
        (#"[{"op":"replace","path":"meta.created","value":"x"}]"#, "mutability"),
        (#"[{"op":"remove","path":"active"}]"#, "mutability"),
        (#"[{"op":"remove"}]"#, "noTarget"), (#"[{"op":"move","path":"active","value":true}]"#, "invalidSyntax"),
        (#"[{"op":"replace","path":"emails[type eq","value":"x"}]"#, "invalidPath"),
        (#"[{"op":"replace","path":"active","value":"maybe"}]"#, "invalidValue"),
        (#"{"op":"replace"}"#, "invalidSyntax"), (#"[{"op":"replace","value":5}]"#, "invalidValue"),
    ])
    func invalidOperations(_ operations: String, _ scimType: String) {
        do {
            _ = try patch(operations)
            Issue.record("accepted \(operations)")
        } catch {
            #expect(error.scimType == scimType, "\(operations): \(error)")
        }
    }

    @Test func aFailingOperationAppliesNothing() throws {
        do {
            _ = try patch(
                #"[{"op":"replace","path":"displayName","value":"Changed"},{"op":"remove","path":"userName"}]"#)
            Issue.record("the second operation should fail")
        } catch {
            #expect(error.scimType == "mutability")
        }
        // The input value is untouched: the caller keeps `base` and stores nothing.
        #expect(base.displayName == nil)
    }

    @Test func nameObjectMergesSubAttributes() throws {
        let patched = try patch(#"[{"op":"replace","path":"name","value":{"givenName":"J"}}]"#)
        #expect(patched.givenName == "J" && patched.familyName == "Smith")
    }

    @Test func representationAndProjection() throws {
        let resource = SCIMUserResource(
            id: "id-1", user: base, created: Date(timeIntervalSince1970: 0),
            lastModified: Date(timeIntervalSince1970: 60), version: 3)
        let full = resource.representation(location: "https://h/scim/v2/Users/id-1")
        #expect(full["id"] == .string("id-1"))
        #expect(full["active"] == .bool(true))
        #expect(full["urn:ietf:params:scim:schemas:extension:custom:2.0:User"]?["claude_role"] == .string("user"))
        #expect(full["meta"]?["location"] == .string("https://h/scim/v2/Users/id-1"))
        #expect(full["meta"]?["version"] == .string("W/\"3\""))
        #expect(full["password"] == nil && full["groups"] == nil)
        let some = resource.representation(location: "l", attributes: ["userName", "name.givenName"])
        #expect(some["userName"] != nil && some["emails"] == nil && some["id"] != nil && some["meta"] != nil)
        #expect(some["name"] == .object(["givenName": .string("Jane")]))
        let less = resource.representation(location: "l", excludedAttributes: ["emails", "id"])
        #expect(less["emails"] == nil && less["id"] != nil)
    }
}

@Suite struct SCIMStorageTests {
    @Test func storedUsersReadBackUnchanged() {
        let user = SCIMUser(
            userName: "Jane@Example.com", externalID: "x1", givenName: "Jane", familyName: "Smïth",
            formattedName: "Jane Smïth",
            displayName: "J \"S\"",
            emails: [.init(value: "jane@example.com", type: "work", primary: true), .init(value: "j@h.example")],
            active: false, claudeRole: "billing"
        )
        #expect(SCIMUser.fromStorage(user.storageJSON()) == user)
        #expect(SCIMUser.fromStorage("not json") == nil)
    }
}
