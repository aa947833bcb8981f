import ArgumentParser
import Foundation
import ScimifyCore
import ScimifyPostgres
import ScimifyStorage

extension Scimify {
    /// `scimify store ...`: the store itself.
    struct StoreCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "store", abstract: "Move the store between SQLite and PostgreSQL.", subcommands: [Copy.self])

        /// `store copy --from --to`.
        struct Copy: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Copy everything from one store into an empty one (SQLite file or postgres:// URL).",
                discussion: """
                    Instances (their Admin API keys moved sealed as they are, so the target needs the source's master \
                    key), SCIM records, the mirror, the audit log, unfinished changes, held removals and dismissed \
                    problems. Refuses a target that already holds instances or audit rows; writes in one transaction \
                    and checks every table's count, so a copy that fails leaves the target empty and can run again. \
                    PostgreSQL passwords come from the URL or PGPASSWORD. Stop `scimify serve` on the source first.
                    """)
            @Option(help: "The store to copy: a SQLite file path or a postgres:// URL.") var from: String
            @Option(help: "The empty store to fill: a SQLite file path or a postgres:// URL.") var to: String
            @Flag(help: "Print one JSON object.") var json = false

            func validate() throws {
                if from == to { throw ValidationError("--from and --to name the same store") }
            }

            func run() async throws {
                let source = try await Self.open(from, isSource: true)
                let target = try await Self.open(to, isSource: false)
                let counts = try await storeFailures { try await StoreCopier.copy(from: source, to: target) }
                let tables = CopyTable.all.map(\.name)
                if json {
                    print(OutputFormat.jsonLine(Dictionary(uniqueKeysWithValues: tables.map { ($0, counts[$0] ?? 0) })))
                    return
                }
                print("copied \(source.locationDescription) -> \(target.locationDescription); rows checked per table:")
                for table in tables { print("  \(table): \(counts[table] ?? 0)") }
            }

            /// A SQLite path or a PostgreSQL URL; a source file must exist (copying never creates the source).
            static func open(_ location: String, isSource: Bool) async throws -> any StoreCopyEndpoint {
                if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
                    let environment = ProcessInfo.processInfo.environment
                    do {
                        let parsed = try PostgresLocation(url: location, environment: environment)
                        return try await StoreSelection.openPostgres(parsed, environment: environment, logger: nil)
                    } catch let error as PostgresLocationError {
                        throw CLIFailure(message: "error: \(error.description)", status: .usage)
                    }
                }
                if isSource, !FileManager.default.fileExists(atPath: location) {
                    throw CLIFailure(
                        message: "error: no store at \(SafeText.quoted(location)) to copy from", status: .usage)
                }
                return try openDatabase(location)
            }
        }
    }
}
