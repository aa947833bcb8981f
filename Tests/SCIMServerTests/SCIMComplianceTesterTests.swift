import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifyTestSupport
import Testing

/// python-scim's scim2-tester, a compliance tester this project did not write, run against the SCIM server
/// over HTTP (`scripts/scim2-tester.py`). `.ci/run` installs it into `.build-python`; without it the test is
/// skipped. One check fails by design: removing `active` is refused ("replace it with false to deactivate"),
/// since an IdP's removal must neither deprovision nor reactivate anyone silently.
@Suite(.enabled(if: SCIM2Tester.isInstalled, "scim2-tester is not in .build-python"))
struct SCIMComplianceTesterTests {
    @Test(.timeLimit(.minutes(3))) func scim2TesterPassesEveryCheckButTheRefusedRemovalOfActive() async throws {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            _ = try await fixture.refresher(client: sim.client()).run(actor: "test")
            try await withSCIMServer(fixture) { server in
                let run = try await ScimifyProcess.runTool(
                    "/usr/bin/env",
                    [
                        "PYTHONPATH=\(SCIM2Tester.packages)", "python3",
                        SCIM2Tester.root.appendingPathComponent("scripts/scim2-tester.py").path, server.base,
                        fixture.scimToken,
                    ])
                let lines = run.stdout.split(separator: "\n").map(String.init)
                let checks = lines.filter { $0.hasPrefix("SUCCESS ") || $0.hasPrefix("ERROR ") }
                #expect(checks.count > 40, "\(run.stdout)\n\(run.stderr)")
                for name in ["object_query_with_attributes", "object_list_with_attributes", "object_creation"] {
                    #expect(
                        lines.contains { $0.hasPrefix("SUCCESS") && $0.contains(" \(name):") },
                        "\(name) did not pass:\n\(run.stdout)")
                }
                let failed = lines.filter { $0.hasPrefix("ERROR") }
                #expect(
                    failed.allSatisfy { $0.contains("check_remove_attribute") && $0.contains("'active'") },
                    "\(failed.joined(separator: "\n"))")
                #expect(!run.stdout.contains(fixture.scimToken) && !run.stderr.contains(fixture.scimToken))
            }
        }
    }
}

/// Where `.ci/run` installs scim2-tester (`pip install --target .build-python scim2-tester httpx2`).
enum SCIM2Tester {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let packages = root.appendingPathComponent(".build-python").path
    static var isInstalled: Bool { FileManager.default.fileExists(atPath: packages + "/scim2_tester") }
}
