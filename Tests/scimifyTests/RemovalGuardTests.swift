import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifyStorage
import ScimifyTestSupport
import Testing

/// The mass-removal guard over SCIM: past the limit, removals are held (the IdP is answered as usual, Claude
/// is untouched), each is a problem an operator approves or dismisses, and a reactivation drops it.
@Suite(.serialized, .timeLimit(.minutes(5))) struct RemovalGuardTests {
    static let deactivate = OneTruthWorld.patchOp + #"[{"op":"replace","value":{"active":false}}]}"#
    static let reactivate = OneTruthWorld.patchOp + #"[{"op":"replace","value":{"active":true}}]}"#

    @Test func removalsPastTheLimitAreHeldThenApprovedDismissedOrCancelled() async throws {
        try await OneTruthWorld.run { world in
            let set = try await world.run("instances", "set-guard", "acme", "--max-removals", "2", "--window", "60")
            #expect(set.status == 0, "\(set.stderr)")
            #expect(try await world.run("instances", "list").stdout.contains("2 in 60 min"))
            #expect(try await world.run("instances", "set-color", "acme", "red").status == 0)
            #expect(try await world.run("instances", "list", "--json").stdout.contains("\"header_color\":\"red\""))
            #expect(try await world.run("instances", "set-color", "acme", "purple").status == 2)
            var ids: [String: String] = [:]
            let emails = (1...5).map { "leaver\($0)@acme.example" }
            for email in emails { ids[email] = try await world.scimCreate(email, role: "user") }

            // Five deactivations: two are made, three are held; the IdP gets its usual answer for all five.
            for email in emails {
                let reply = try await world.scim.call(
                    "PATCH", "/Users/\(ids[email]!)", body: Self.deactivate, headers: ["x-request-id": "okta-\(email)"])
                #expect(reply.status == 200, "\(reply.text)")
                #expect(reply.json["active"] as? Bool == false)
            }
            for email in emails.prefix(2) { #expect(await world.pending(email).isEmpty) }
            for email in emails.suffix(3) { #expect(await world.pending(email).count == 1, "held: Claude untouched") }
            let held = try world.audit().filter { $0.action == "removal.held" }
            #expect(
                held.count == 3
                    && held.allSatisfy { $0.actor == "scim:acme" && $0.idpRequestID?.hasPrefix("okta-") == true })

            let listed = try await world.run("problems", "list", "--kind", "held_removal", "--json")
            let problems = try listed.lines.map {
                try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
            #expect(problems.count == 3)
            let problemID = { (email: String) in
                problems.first { $0["email"] as? String == email }?["id"] as? String ?? ""
            }
            let readiness = try await world.run("readiness")
            #expect(readiness.stdout.contains("mass-removal guard: 2 in 60 min; removals held: 3"))
            let metrics = try await world.scim.call("GET", "http://127.0.0.1:\(world.scim.port)/metrics", token: "")
            #expect(
                PrometheusSamples(metrics.text).value("scimify_problems", ["instance": "acme", "kind": "held_removal"])
                    == 3)
            #expect(PrometheusSamples(metrics.text).value("scimify_held_removals", ["instance": "acme"]) == 3)

            // Approve: made now, audited. Dismiss: the person stays. Reactivation: the hold is dropped.
            let approved = try await world.run("problems", "approve", problemID(emails[2]))
            #expect(approved.status == 0, "\(approved.stderr)")
            #expect(await world.pending(emails[2]).isEmpty)
            #expect(try world.audit(emails[2]).contains { $0.action == "problem.approve" && $0.actor == "cli:ops" })
            let dismissed = try await world.run(
                "problems", "dismiss", problemID(emails[3]), "--reason", "IdP rule was wrong")
            #expect(dismissed.status == 0, "\(dismissed.stderr)")
            #expect(await world.pending(emails[3]).count == 1)
            let reactivated = try await world.scim.call("PATCH", "/Users/\(ids[emails[4]]!)", body: Self.reactivate)
            #expect(reactivated.status == 200)
            #expect(await world.pending(emails[4]).count == 1)
            #expect(try world.audit(emails[4]).contains { $0.action == "removal.cancelled" })
            // The dismissed person stays in Claude but is inactive for the IdP: drift, until it says active again.
            let left = try await world.run("problems", "list", "--json")
            #expect(
                left.lines.count == 1 && left.stdout.contains("\"kind\":\"drift\"") && left.stdout.contains(emails[3]),
                "\(left.stdout)")
            #expect(
                try await world.scim.call("PATCH", "/Users/\(ids[emails[3]]!)", body: Self.reactivate).status == 200)
            #expect(try await world.run("problems", "list", "--json").stdout.isEmpty)
            try await world.expectConsistent()
        }
    }

    @Test func consoleAndCliRemovalsAreNeverHeldAndTheGuardCanBeTurnedOff() async throws {
        try await OneTruthWorld.run { world in
            #expect(try await world.run("instances", "set-guard", "acme", "--max-removals", "1").status == 0)
            for email in ["new.hire1@acme.example", "new.hire2@acme.example"] {
                let removed = try await world.run("remove", email, "--yes")
                #expect(removed.status == 0, "\(removed.stderr)")
                #expect(await world.pending(email).isEmpty)
            }
            #expect(try await world.run("instances", "set-guard", "acme", "--max-removals", "0").status == 0)
            var ids: [String] = []
            for index in 1...3 { ids.append(try await world.scimCreate("off\(index)@acme.example", role: "user")) }
            for id in ids { #expect(try await world.scim.call("DELETE", "/Users/\(id)").status == 204) }
            for index in 1...3 { #expect(await world.pending("off\(index)@acme.example").isEmpty) }
            #expect(try world.audit().allSatisfy { $0.action != "removal.held" })
            try await world.expectConsistent()
        }
    }
}
