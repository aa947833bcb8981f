import AdminAPISimulator
import Foundation
import ScimifyTestSupport

/// Sends seeded random and malformed requests (bodies, filters, paths, headers, tokens) to a SCIM server over
/// loopback and checks every answer: no 5xx (bar the spec's own 501s), every error a SCIM Error body.
///
/// Usage: `swift run -c release SCIMFuzz [cases] [seed]` (defaults 100000 1).
@main
struct SCIMFuzz {
    static func main() async throws {
        let arguments = CommandLine.arguments.dropFirst().compactMap { UInt64($0) }
        let cases = Int(arguments.first ?? 100_000)
        let seed = arguments.count > 1 ? arguments[1] : 1
        let failures = try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            return try await withSCIMServer(fixture) { server in
                let created = try await server.call("POST", "/Users", body: #"{"userName":"known@acme.example"}"#)
                let id = created.json["id"] as? String
                var fuzzer = SCIMFuzzer(seed: seed)
                var statuses: [Int: Int] = [:]
                var failures: [String] = []
                let started = ContinuousClock.now
                for index in 0..<cases {
                    let fuzz = fuzzer.nextCase(base: server.base, validID: id, token: server.fixture.scimToken)
                    let reply = try await server.call(
                        fuzz.method, fuzz.path, body: fuzz.body, token: fuzz.token ?? "", headers: fuzz.headers)
                    statuses[reply.status, default: 0] += 1
                    let documented501 =
                        reply.status == 501
                        && ["/Bulk", "/Me", "/.search", "/Groups"].contains { fuzz.path.hasPrefix($0) }
                    var problem: String?
                    if reply.status >= 500 && !documented501 { problem = "status \(reply.status)" }
                    if reply.status >= 400, fuzz.method != "HEAD",
                        reply.json["schemas"] as? [String] != ["urn:ietf:params:scim:api:messages:2.0:Error"]
                    {
                        problem = "not a SCIM Error body"
                    }
                    if let problem, failures.count < 20 {
                        failures.append("#\(index) \(fuzz.method) \(fuzz.path.prefix(120)): \(problem)")
                    }
                    if index > 0, index % 10_000 == 0 { print("\(index) cases...") }
                }
                let health = try await server.call("GET", "http://127.0.0.1:\(server.port)/healthz", token: "")
                let elapsed = started.duration(to: .now)
                print("cases: \(cases), seed \(seed), elapsed \(elapsed)")
                print("statuses: " + statuses.keys.sorted().map { "\($0): \(statuses[$0]!)" }.joined(separator: ", "))
                print("server healthy after the run: \(health.status == 200)")
                return failures
            }
        }
        if failures.isEmpty {
            print("failures: 0")
        } else {
            print("failures (first \(failures.count)):")
            failures.forEach { print("  " + $0) }
            exit(1)
        }
    }
}
