// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
    .enableUpcomingFeature("InferIsolatedConformances"),
]

let package = Package(
    name: "scimify",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "scimify", targets: ["scimify"])],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.7.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // The console's config file (`config.toml`); only the command-line target links it.
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // libncursesw for the operator console; the terminal adapter is the only importer.
        .systemLibrary(name: "CNCursesW", providers: [.apt(["libncursesw5-dev"])]),
        // Domain types, role policy, provisioning rules, errors and the ports. No I/O.
        .target(name: "ScimifyCore"),
        // The Anthropic Admin API client: requests, decoding, pagination, retries, pacing.
        .target(
            name: "ClaudeAdminAPI",
            dependencies: [
                "ScimifyCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
            ]
        ),
        // The store port split per concern, the types it speaks and the store's decisions as pure plans that both
        // drivers execute. No GRDB, no PostgresNIO.
        .target(
            name: "ScimifyStorage",
            dependencies: ["ScimifyCore", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // The SQLite driver (GRDB): executes the storage plans in SQL, migrations, cross-process locks.
        .target(
            name: "ScimifySQLite",
            dependencies: [
                "ScimifyCore", "ScimifyStorage",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // PostgreSQL (postgres-nio) for several replicas on one database: connection settings, versioned
        // migrations, and what replicas share: change serialization (advisory locks) and the pacer.
        .target(
            name: "ScimifyPostgres",
            dependencies: [
                "ScimifyCore", "ScimifyStorage",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // SCIM 2.0 resources, filter parser, PATCH engine, error bodies: pure, no HTTP.
        .target(name: "SCIMProtocol", dependencies: ["ScimifyCore"]),
        // SCIM 2.0 HTTP surface (Hummingbird): routing, auth, metrics, mapping to the core.
        .target(
            name: "SCIMServer",
            dependencies: [
                "SCIMProtocol", "ScimifyCore", "ScimifyStorage", "ScimifyRuntime",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // A loopback server speaking the Admin API wire format with its own wire types.
        .target(
            name: "AdminAPISimulator",
            dependencies: [
                "ScimifyCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // A stored instance wired for use (key -> client -> recorder -> serializer -> journal -> resume) and the
        // use cases every front end shares. The one place that knows both the store and the client.
        .target(
            name: "ScimifyRuntime",
            dependencies: [
                "ScimifyCore", "ClaudeAdminAPI", "ScimifyStorage",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The operator console: pure state, reducer and views over a cell buffer, and one ncurses adapter.
        // What `scimify serve` runs, wired once for the command and the tests.
        .target(
            name: "ScimifyServe",
            dependencies: [
                "SCIMServer", "ScimifyCore", "ScimifyStorage", "ScimifyRuntime", "ScimifyPostgres", "ClaudeAdminAPI",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(name: "Console", dependencies: ["ScimifyCore", "CNCursesW"]),
        // The console's backend over the runtime: the one target that knows both, so nothing on the SCIM side
        // links the console (or ncurses).
        .target(
            name: "ConsoleBackend",
            dependencies: ["Console", "ScimifyCore", "ScimifyRuntime", "ScimifyStorage", "ClaudeAdminAPI"]
        ),
        // The composition root: argument-parser commands wiring every part.
        .executableTarget(
            name: "scimify",
            dependencies: [
                "ScimifyCore", "ClaudeAdminAPI", "ScimifySQLite", "ScimifyStorage", "ScimifyRuntime",
                "AdminAPISimulator", "Console", "ConsoleBackend",
                "SCIMServer", "ScimifyPostgres", "ScimifyServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // Fixtures shared by tests: a simulator launcher and a client factory.
        .target(
            name: "ScimifyTestSupport",
            dependencies: [
                "ScimifyCore", "ClaudeAdminAPI", "AdminAPISimulator", "ScimifySQLite", "ScimifyStorage",
                "ScimifyRuntime", "SCIMServer", "ScimifyServe",
                "ScimifyPostgres",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        // Benchmark: the client's full listing against the raw pagination floor.
        .executableTarget(
            name: "ListingBenchmark",
            dependencies: [
                "ScimifyCore", "ClaudeAdminAPI", "AdminAPISimulator", "ScimifyTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/ListingBenchmark"
        ),
        // Benchmark: refresh users into SQLite against the raw pagination floor.
        .executableTarget(
            name: "RefreshBenchmark",
            dependencies: [
                "ScimifyCore", "ClaudeAdminAPI", "ScimifySQLite", "ScimifyStorage", "AdminAPISimulator",
                "ScimifyTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Benchmarks/RefreshBenchmark"
        ),
        // SCIM fuzz run: seeded random and malformed requests against the server.
        .executableTarget(
            name: "SCIMFuzz", dependencies: ["AdminAPISimulator", "ScimifyTestSupport"], path: "Benchmarks/SCIMFuzz"),
        // SCIM benchmarks: filter vs hello world, calls per create, concurrent creates under the rate limit.
        .executableTarget(
            name: "SCIMBenchmark",
            dependencies: [
                "AdminAPISimulator", "ScimifyTestSupport", "ClaudeAdminAPI", "ScimifyCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Benchmarks/SCIMBenchmark"
        ),
        // Benchmark: replicas on PostgreSQL: the SCIM filter against SQLite, creates through two replicas at the limit.
        .executableTarget(
            name: "ReplicaBenchmark",
            dependencies: [
                "AdminAPISimulator", "ScimifyTestSupport", "ClaudeAdminAPI", "ScimifyCore", "ScimifyPostgres",
                "ScimifyRuntime", "ScimifySQLite", "ScimifyStorage",
            ],
            path: "Benchmarks/ReplicaBenchmark"
        ),
        // Benchmark: a console bulk role change of 300 invites at the organization's rate limit.
        .executableTarget(
            name: "BulkBenchmark",
            dependencies: [
                "AdminAPISimulator", "ClaudeAdminAPI", "Console", "ConsoleBackend", "ScimifyCore", "ScimifyRuntime",
                "ScimifyTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/BulkBenchmark"
        ),
        // Benchmark: console first paint from the store and filter keystrokes over 100,000 rows.
        .executableTarget(
            name: "ConsoleBenchmark",
            dependencies: ["Console", "ScimifyCore", "ScimifySQLite", "ScimifyStorage", "ScimifyTestSupport"],
            path: "Benchmarks/ConsoleBenchmark"
        ),
        // Benchmark: the SCIM request log's pruning of 1,000,000 rows and the Requests view over it.
        .executableTarget(
            name: "RequestLogBenchmark",
            dependencies: [
                "Console", "ConsoleBackend", "ScimifyCore", "ScimifySQLite", "ScimifyStorage", "ScimifyTestSupport",
            ],
            path: "Benchmarks/RequestLogBenchmark"
        ),
        .testTarget(name: "ScimifyCoreTests", dependencies: ["ScimifyCore"]),
        .testTarget(name: "ScimifyStorageTests", dependencies: ["ScimifyStorage", "ScimifyCore"]),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "ScimifyCore"]),
        .testTarget(name: "ScimifyRuntimeTests", dependencies: ["ScimifyRuntime", "ScimifyCore"]),
        .testTarget(name: "SCIMProtocolTests", dependencies: ["SCIMProtocol", "ScimifyCore"]),
        .testTarget(
            name: "SCIMServerTests",
            dependencies: [
                "SCIMServer", "SCIMProtocol", "ScimifyCore", "ScimifySQLite", "ScimifyStorage", "ScimifyTestSupport",
                "AdminAPISimulator",
                "ClaudeAdminAPI", "ScimifyRuntime",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ScimifyPostgresTests",
            dependencies: [
                "ScimifyPostgres", "ScimifyCore", "ClaudeAdminAPI", "ScimifyTestSupport", "AdminAPISimulator",
                "ScimifySQLite", "ScimifyStorage", "ScimifyRuntime",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ScimifySQLiteTests",
            dependencies: [
                "ScimifySQLite", "ScimifyStorage", "ScimifyCore", "ScimifyTestSupport", "ClaudeAdminAPI",
                "AdminAPISimulator",
                "ScimifyRuntime",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "ClaudeAdminAPITests",
            dependencies: [
                "ClaudeAdminAPI", "ScimifyCore", "ScimifyTestSupport", "AdminAPISimulator",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "InMemoryLogging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "AdminAPISimulatorTests",
            dependencies: [
                "AdminAPISimulator", "ScimifyTestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOFoundationCompat", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "scimifyTests",
            dependencies: [
                "ScimifyTestSupport", "AdminAPISimulator", "ScimifyCore", "ClaudeAdminAPI", "ScimifySQLite",
                "ScimifyStorage",
                "ScimifyRuntime",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + swiftSettings
}
