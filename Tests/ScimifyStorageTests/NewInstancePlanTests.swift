import Foundation
import ScimifyCore
import ScimifyStorage
import Testing

/// Adding an instance: the slug rule, a token shown once and only its hash kept.
struct NewInstancePlanTests {
    @Test func theSlugComesFromTheNameAndTheTokenIsKeptOnlyAsItsHash() throws {
        let plan = try NewInstancePlan(name: "Acme Corp", slug: nil)
        #expect(plan.slug == Instance.slug(from: "Acme Corp") && Instance.isValidSlug(plan.slug))
        #expect(plan.tokenHash == SecretBox.hash(token: plan.token))
        #expect(try NewInstancePlan(name: "Acme Corp", slug: nil).token != plan.token, "every token is new")
        let created = plan.created(
            id: 7, name: "Acme Corp", apiBaseURL: "https://api.anthropic.com", mode: .dryRun, now: PlanFixtures.t0)
        #expect(created.instance.id == 7 && created.instance.slug == plan.slug && created.scimToken == plan.token)
    }

    @Test func aNameWithNoLettersOrAnInvalidSlugIsRefusedInWords() {
        #expect(throws: StoreError.self) { try NewInstancePlan(name: "!!!", slug: nil) }
        #expect(throws: StoreError.self) { try NewInstancePlan(name: "Acme", slug: "has space") }
        let plan = try? NewInstancePlan(name: "Acme", slug: "acme")
        #expect(plan?.duplicate.description.contains("already exists") == true)
    }
}
