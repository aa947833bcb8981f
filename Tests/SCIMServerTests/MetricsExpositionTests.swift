import AdminAPISimulator
import Foundation
import ScimifyCore
import ScimifyTestSupport
import Testing

/// `/metrics` on swift-prometheus: labels only from route templates (hostile and made-up paths are `other`),
/// the whole exposition parsed by the Prometheus project's own parser, durations as histograms, upstream
/// counters, and the optional bearer token.
@Suite(.timeLimit(.minutes(5))) struct MetricsExpositionTests {
    private func scim<T: Sendable>(
        metricsToken: String? = nil, _ body: @Sendable (RunningSimulator, RunningSCIMServer) async throws -> T
    ) async throws -> T {
        try await withSimulator { sim in
            let fixture = try StoreFixture(simulator: sim)
            defer { fixture.directory.remove() }
            return try await withSCIMServer(fixture, metricsToken: metricsToken) { server in try await body(sim, server)
            }
        }
    }

    @Test func madeUpAndHostilePathsDoNotGrowTheSeries() async throws {
        try await scim { _, server in
            _ = try await server.call("POST", "/Users", body: #"{"userName":"m1@acme.example"}"#)
            _ = try await server.call("GET", "/Users?filter=userName%20eq%20%22m1@acme.example%22")
            let before = PrometheusSamples(
                try await server.call("GET", "http://127.0.0.1:\(server.port)/metrics", token: "").text)
            let root = "http://127.0.0.1:\(server.port)"
            let hostile = [
                "/%22%7D%20evil%3D%221", "/a%0Ab", "/instances/acme/scim/v2/Users/x/y/z",
                "/instances/%22/scim/v2/Groups",
                "/metrics%22", "/\u{1F389}", "/instances/acme/scim/v3/Users",
            ]
            for index in 0..<600 {
                let path = index < hostile.count ? hostile[index] : "/made-up/\(index)/path-\(index * 7)"
                _ = try await server.call(index % 3 == 0 ? "DELETE" : "GET", root + path)
            }
            let text = try await server.call("GET", root + "/metrics", token: "").text
            let after = PrometheusSamples(text)
            let grown = after.count("scimify_scim_requests_total") - before.count("scimify_scim_requests_total")
            #expect(grown <= 4, "600 made-up paths added \(grown) request series")
            #expect(
                (after.value("scimify_scim_requests_total", ["route": "other", "method": "GET", "status": "404"]) ?? 0)
                    >= 390)
            #expect(!text.contains("made-up") && !text.contains("evil"))
            #expect(
                after.value(
                    "scimify_scim_request_duration_seconds_count",
                    ["route": "/instances/{slug}/scim/v2/Users", "status": "201"]) == 1)
            #expect(
                after.value(
                    "scimify_upstream_calls_total", ["instance": "acme", "endpoint": "POST /invites", "status": "200"])
                    == 1)
            #expect(after.value("scimify_problems", ["instance": "acme", "kind": "drift"]) == 0)
            #expect(after.value("scimify_upstream_rate_limit_waits_total", ["instance": "acme"]) == 0)
        }
    }

    /// The whole exposition, after hostile paths and every kind of series, parses with the Prometheus project's
    /// own parser; skipped (with the reason printed) on a machine without it, run by `.ci/run`.
    @Test(.enabled(if: PrometheusSamples.parserIsInstalled, Comment(rawValue: PrometheusSamples.parserMissingReason)))
    func theExpositionParsesWithThePrometheusParser() async throws {
        try await scim { _, server in
            _ = try await server.call("POST", "/Users", body: #"{"userName":"m1@acme.example"}"#)
            _ = try await server.call("GET", "/Users?filter=userName%20eq%20%22m1@acme.example%22")
            let root = "http://127.0.0.1:\(server.port)"
            for path in ["/%22%7D%20evil%3D%221", "/a%0Ab", "/instances/%22/scim/v2/Groups", "/\u{1F389}"] {
                _ = try await server.call("GET", root + path)
            }
            let text = try await server.call("GET", root + "/metrics", token: "").text
            #expect(PrometheusSamples(text).count("scimify_scim_requests_total") > 0)
            let complaint = try await PrometheusSamples.validate(text)
            #expect(complaint == nil, "\(complaint ?? "")")
        }
    }

    @Test func aMetricsTokenIsRequiredWhenConfigured() async throws {
        try await scim(metricsToken: "metrics-secret-1") { _, server in
            let url = "http://127.0.0.1:\(server.port)/metrics"
            let open = try await server.call("GET", url, token: "")
            #expect(open.status == 401 && open.headers["www-authenticate"] == "Bearer")
            #expect(try await server.call("GET", url, token: "Bearer metrics-secret-2").status == 401)
            #expect(
                try await server.call("GET", url, token: "Bearer \(server.fixture.scimToken)").status == 401,
                "a SCIM token is not the metrics token")
            let allowed = try await server.call("GET", url, token: "Bearer metrics-secret-1")
            #expect(allowed.status == 200 && allowed.text.contains("scimify_scim_requests_total"))
            #expect(!allowed.text.contains("metrics-secret-1"))
        }
    }
}
