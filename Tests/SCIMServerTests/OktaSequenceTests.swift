import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifySQLite
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// Okta's SPEC and CRUD sequences (spec §15.1) over HTTP against the simulator.
@Suite(.timeLimit(.minutes(5))) struct OktaSequenceTests {
    static let oktaUser = #"""
        {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"test.user@okta.local",
         "name":{"givenName":"Test","familyName":"User"},
         "emails":[{"primary":true,"value":"test.user@okta.local","type":"work"}],
         "displayName":"Test User","locale":"en-US","externalId":"00ujl29u0le5T6Aj10h7",
         "groups":[],"password":"1mz050nq","active":true}
        """#

    @Test func specSuite() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            _ = try await fixture.refresher(client: sim.client()).run(actor: "cli:test")  // existing users must exist
            try await withSCIMServer(fixture) { scim in
                // 1-2: list one user with the required fields, then GET it.
                let list = try await scim.call("GET", "/Users?count=1&startIndex=1")
                #expect(list.status == 200)
                #expect(list.headers["content-type"] == "application/scim+json; charset=utf-8")
                #expect(list.json["totalResults"] as? Int == 50)
                #expect(list.json["itemsPerPage"] as? Int == 1 && list.json["startIndex"] as? Int == 1)
                let first = try #require((list.json["Resources"] as? [[String: Any]])?.first)
                let id = try #require(first["id"] as? String)
                #expect(first["userName"] != nil && first["active"] != nil)
                // Okta's import needs all four required attributes, non-empty, of every user (imported ones too).
                let everyone = try await scim.call("GET", "/Users?startIndex=1&count=100")
                for user in try #require(everyone.json["Resources"] as? [[String: Any]]) {
                    let name = user["name"] as? [String: Any]
                    let given = name?["givenName"] as? String ?? ""
                    let family = name?["familyName"] as? String ?? ""
                    #expect(!given.isEmpty && !family.isEmpty, "\(user["userName"] ?? "?") has name \(name ?? [:])")
                }
                #expect(((first["emails"] as? [[String: Any]])?.first?["value"] as? String)?.contains("@") == true)
                let got = try await scim.call("GET", "/Users/\(id)")
                #expect(got.status == 200 && got.json["id"] as? String == id)
                // 3, 5: unknown userName filters are 200 with zero results.
                let none = try await scim.call(
                    "GET", "/Users?filter=" + #"userName eq "abcdefgh@atko.com""#.urlQueryEncoded)
                #expect(none.status == 200 && none.json["totalResults"] as? Int == 0)
                #expect((none.json["Resources"] as? [Any])?.isEmpty == true)
                // 4, 12: unknown ids are 404 SCIM errors.
                let missing = try await scim.call("GET", "/Users/010101001010101011001010101011")
                #expect(missing.status == 404 && missing.json["status"] as? String == "404")
                #expect((missing.json["detail"] as? String)?.isEmpty == false)
                // 6-7: create, read back.
                let created = try await scim.call(
                    "POST", "/Users", body: Self.oktaUser, headers: ["content-type": "application/json"])
                #expect(created.status == 201, "\(created.text)")
                let newID = try #require(created.json["id"] as? String)
                #expect(created.headers["location"] == scim.base + "/Users/" + newID)
                #expect(created.json["active"] as? Bool == true)
                #expect((created.json["name"] as? [String: Any])?["givenName"] as? String == "Test")
                #expect(created.json["password"] == nil)
                #expect(
                    await sim.simulator.organization.pendingInvites(email: "test.user@okta.local").map(\.role) == [
                        "user"
                    ])
                let readBack = try await scim.call("GET", "/Users/\(newID)")
                #expect(readBack.json["userName"] as? String == "test.user@okta.local")
                // 8: the same POST again is 409 uniqueness.
                let again = try await scim.call("POST", "/Users", body: Self.oktaUser)
                #expect(again.status == 409 && again.json["scimType"] as? String == "uniqueness")
                // 9: upper-cased userName finds the user.
                let upper = try await scim.call(
                    "GET", "/Users?filter=" + #"userName eq "TEST.USER@OKTA.LOCAL""#.urlQueryEncoded)
                #expect(upper.json["totalResults"] as? Int == 1)
                // 10: Groups is an empty list.
                let groups = try await scim.call("GET", "/Groups?startIndex=1&count=100")
                #expect(groups.status == 200 && groups.json["totalResults"] as? Int == 0)
                // 11: a non-token is 401.
                let denied = try await scim.call(
                    "GET", "/Users?filter=" + #"userName eq "x""#.urlQueryEncoded, token: "non-token")
                #expect(denied.status == 401 && denied.json["status"] as? String == "401")
                #expect(denied.headers["www-authenticate"] == "Bearer")
                #expect(await sim.simulator.traffic.writeCount() == 1)  // reads made no upstream call
            }
        }
    }

    @Test func crudSuiteDeactivateAndReactivate() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            try await withSCIMServer(fixture) { scim in
                let created = try await scim.call("POST", "/Users", body: Self.oktaUser)
                let id = try #require(created.json["id"] as? String)
                // Profile push: GET then PUT with the whole object.
                var object = created.json
                object["name"] = ["givenName": "Testy", "familyName": "User"]
                let put = try await scim.call(
                    "PUT", "/Users/\(id)",
                    body: String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
                #expect(put.status == 200)
                #expect((put.json["name"] as? [String: Any])?["givenName"] as? String == "Testy")
                #expect(await sim.simulator.traffic.writeCount() == 1)  // a name change stays local
                // Deactivate (OIN PATCH without path).
                let off = try await scim.call(
                    "PATCH", "/Users/\(id)",
                    body:
                        #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":false}}]}"#
                )
                #expect(off.status == 200 && off.json["active"] as? Bool == false)
                #expect(await sim.simulator.organization.pendingInvites(email: "test.user@okta.local").isEmpty)
                let stillThere = try await scim.call("GET", "/Users/\(id)")
                #expect(stillThere.status == 200 && stillThere.json["active"] as? Bool == false)
                let filtered = try await scim.call(
                    "GET", "/Users?filter=" + #"userName eq "test.user@okta.local""#.urlQueryEncoded)
                #expect(filtered.json["totalResults"] as? Int == 1)
                // Reactivate: invited again.
                let on = try await scim.call(
                    "PATCH", "/Users/\(id)",
                    body:
                        #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","value":{"active":true}}]}"#
                )
                #expect(on.status == 200 && on.json["active"] as? Bool == true)
                #expect(await sim.simulator.organization.pendingInvites(email: "test.user@okta.local").count == 1)
                // AIW deactivate: PUT with active false.
                object = on.json
                object["active"] = false
                let putOff = try await scim.call(
                    "PUT", "/Users/\(id)",
                    body: String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self))
                #expect(putOff.json["active"] as? Bool == false)
                #expect(await sim.simulator.organization.pendingInvites(email: "test.user@okta.local").isEmpty)
                let audit = try fixture.database.auditEvents(instanceID: fixture.instance.id)
                #expect(audit.allSatisfy { $0.actor == "scim:acme" })
                #expect(audit.contains { $0.action == "invite.delete" && !$0.requestIDs.isEmpty })
            }
        }
    }
}

extension String {
    /// Percent-encoded for a query value.
    var urlQueryEncoded: String {
        addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? self
    }
}
