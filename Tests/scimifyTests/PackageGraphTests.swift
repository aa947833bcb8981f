import Foundation
import ScimifyTestSupport
import Testing

/// The arrows of the design (design §3) read from the package graph itself, so a dependency added in
/// Package.swift that bends one fails here: the SCIM side never links the console (or ncurses), the two store
/// drivers never reach each other, the PostgreSQL driver never reaches the Admin API client, and the storage
/// target holds no database library.
@Suite struct PackageGraphTests {
    /// Each target's direct dependencies (targets and products), by name, from `swift package dump-package`.
    static func graph() async throws -> [String: [String]] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let scratch = try TemporaryDirectory()
        defer { scratch.remove() }
        // A scratch path of its own, so this never waits for the build folder the running tests hold.
        let result = try await ScimifyProcess.runTool(
            "/usr/bin/env",
            ["swift", "package", "--package-path", root.path, "--scratch-path", scratch.path, "dump-package"])
        try #require(result.status == 0, "dump-package failed: \(result.stderr)")
        let manifest = try #require(
            try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let targets = try #require(manifest["targets"] as? [[String: Any]])
        var graph: [String: [String]] = [:]
        for target in targets {
            let name = try #require(target["name"] as? String)
            let dependencies = (target["dependencies"] as? [[String: Any]]) ?? []
            graph[name] = dependencies.compactMap { dependency in
                for kind in ["byName", "target", "product"] {
                    if let parts = dependency[kind] as? [Any], let first = parts.first as? String { return first }
                }
                return nil
            }
        }
        return graph
    }

    /// Everything `target` depends on, directly or through other targets.
    static func reach(_ target: String, in graph: [String: [String]]) -> Set<String> {
        var seen: Set<String> = []
        var stack = graph[target] ?? []
        while let next = stack.popLast() {
            guard seen.insert(next).inserted else { continue }
            stack += graph[next] ?? []
        }
        return seen
    }

    @Test func theArrowsPointTheWayTheDesignSays() async throws {
        let graph = try await Self.graph()
        #expect(graph["SCIMServer"] != nil && graph["ScimifyStorage"] != nil && graph["ConsoleBackend"] != nil)
        let scim = Self.reach("SCIMServer", in: graph)
        #expect(scim.isDisjoint(with: ["Console", "ConsoleBackend", "CNCursesW"]), "SCIMServer reaches \(scim)")
        #expect(!scim.contains("ScimifySQLite") && !scim.contains("ScimifyPostgres"), "\(scim)")
        let runtime = Self.reach("ScimifyRuntime", in: graph)
        #expect(runtime.isDisjoint(with: ["Console", "ConsoleBackend", "CNCursesW", "SCIMServer"]), "\(runtime)")
        let postgres = Self.reach("ScimifyPostgres", in: graph)
        #expect(postgres.isDisjoint(with: ["ScimifySQLite", "ClaudeAdminAPI", "GRDB"]), "\(postgres)")
        let sqlite = Self.reach("ScimifySQLite", in: graph)
        #expect(sqlite.isDisjoint(with: ["ScimifyPostgres", "PostgresNIO", "ClaudeAdminAPI"]), "\(sqlite)")
        let storage = Self.reach("ScimifyStorage", in: graph)
        #expect(storage.isDisjoint(with: ["GRDB", "PostgresNIO", "ScimifySQLite", "ScimifyPostgres"]), "\(storage)")
        #expect(Self.reach("ScimifyCore", in: graph).isEmpty)
        let console = Self.reach("Console", in: graph)
        #expect(console.isDisjoint(with: ["SCIMServer", "ScimifyRuntime", "ClaudeAdminAPI"]), "\(console)")
        #expect(!Self.reach("ClaudeAdminAPI", in: graph).contains("AdminAPISimulator"))
    }
}
