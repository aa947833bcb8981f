import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifyRuntime
import ScimifyTestSupport
import Testing

/// Before any refresh (issue 21, defect 2): the console's key listing names makers from the live member list,
/// so only the keys of people who really left read as orphans, the same ones `keys list --orphaned` names.
@Suite(.timeLimit(.minutes(2))) struct KeysBeforeRefreshTests {
    @Test func withoutAMirrorKeyMakersComeFromTheLiveMemberList() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)  // stored directly: no mirror yet
            defer { fixture.directory.remove() }
            let holdings = try await fixture.runtime(client: sim.client()).organizationHoldings()
            #expect(holdings.members?.count == 41, "the members are read with the listing")
            let makers = holdings.makers(people: [])  // the empty mirror a console has before a refresh
            let departed = Set(makers.filter { $0.value.isDeparted }.map(\.key))
            let listed = try await ScimifyProcess().run(
                ["keys", "list", "--orphaned", "--json", "--db", fixture.path], environment: ["USER": "ops"])
            #expect(listed.status == 0, "\(listed.stderr)")
            let orphaned = Set(
                try listed.lines.map {
                    try #require(
                        (try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? String)
                })
            #expect(!departed.isEmpty && departed == orphaned, "console \(departed), CLI \(orphaned)")
            let ciDeploy = try #require(holdings.keys.first { $0.name == "ci-deploy" })
            #expect(makers[ciDeploy.id]?.short == "jane.smith@acme.example", "a current member's key is theirs")
            #expect(makers.values.filter { if case .member = $0 { true } else { false } }.count > departed.count)
        }
    }
}
