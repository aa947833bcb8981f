import AdminAPISimulator
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyTestSupport
import Testing

@Suite(.timeLimit(.minutes(5))) struct AdminAPIClientPagingTests {
    @Test(arguments: [1000, 20])
    func pagesAcross2500MembersWithoutLossOrDuplicates(pageSize: Int) async throws {
        try await withSimulator(.init(seed: .generated(members: 2500, invites: 300))) { sim in
            let progress = ProgressRecorder()
            let members = try await sim.client(pageSize: pageSize).listAllMembers { progress.record($0) }
            #expect(members.count == 2500)
            #expect(Set(members.map(\.id)).count == 2500)
            #expect(Set(members.map(\.email)).contains("member2499@generated.example"))
            let expectedPages = (2500 + pageSize - 1) / pageSize
            #expect(progress.last.map { ($0.pages, $0.rows) } ?? (0, 0) == (expectedPages, 2500))
            // Every page reports the request-id that carried it (refresh audits them all).
            #expect(progress.all.allSatisfy { $0.requestID?.hasPrefix("req_") == true })
            let counts = await sim.simulator.traffic.requestCounts()
            #expect(counts["GET /v1/organizations/users 200"] == expectedPages)
            let invites = try await sim.client(pageSize: pageSize).listAllInvites(progress: nil)
            #expect(invites.count == 300)
        }
    }

    @Test func rowsSeenTwiceByTheCursorScanAreDeduplicated() async throws {
        try await withSimulator(.init(seed: .generated(members: 50, invites: 0))) { sim in
            await sim.simulator.traffic.setFaults(.init(overlapPages: true))
            let members = try await sim.client(pageSize: 10).listAllMembers(progress: nil)
            #expect(members.count == 50)
            #expect(Set(members.map(\.id)).count == 50)
            // The overlap really happened: pages after the first carried 11 rows for 10 new ones.
            let requests = await sim.simulator.traffic.requestCounts()["GET /v1/organizations/users 200"]
            #expect(requests == 6)
        }
    }
}

/// Collects listing progress reports from the client's callback.
final class ProgressRecorder: Sendable {
    private let reports = LockedBox<[ListingProgress]>([])

    func record(_ progress: ListingProgress) { reports.mutate { $0.append(progress) } }
    var last: ListingProgress? { reports.value.last }
    var all: [ListingProgress] { reports.value }
}
