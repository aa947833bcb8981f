import Foundation
import ScimifyTestSupport
import Testing

@testable import ScimifyPostgres

/// `--database-url`: parts, `sslmode`, and the password's three sources, which are never printed.
@Suite struct PostgresLocationTests {
    @Test func readsTheURLsParts() throws {
        let location = try PostgresLocation(url: "postgres://scimify@db.example:6543/bridge?sslmode=verify-full")
        #expect(location.host == "db.example")
        #expect(location.port == 6543)
        #expect(location.username == "scimify")
        #expect(location.database == "bridge")
        #expect(location.sslMode == .verifyFull)
        #expect(location.password == nil)
        let defaults = try PostgresLocation(url: "postgresql://u@h/d")
        #expect(defaults.port == 5432)
        #expect(defaults.sslMode == .prefer)
        #expect(try PostgresLocation(url: "postgres://u@h/d?sslmode=allow").sslMode == .prefer)
    }

    @Test func thePasswordComesFromOnePlaceAndIsNeverPrinted() throws {
        let secret = "pa ss@/:?#word-\(UUID().uuidString)"
        let encoded = try #require(secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics))
        let fromURL = try PostgresLocation(url: "postgres://u:\(encoded)@h/d", environment: ["PGPASSWORD": "other"])
        #expect(fromURL.password == secret)
        #expect(!fromURL.description.contains(secret) && !fromURL.description.contains(encoded))
        #expect(!"\(fromURL)".contains(secret))
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let file = dir.file("password")
        try Data("\(secret)\nignored\n".utf8).write(to: URL(fileURLWithPath: file))
        #expect(try PostgresLocation(url: "postgres://u@h/d", passwordFile: file).password == secret)
        #expect(try PostgresLocation(url: "postgres://u@h/d", environment: ["PGPASSWORD": secret]).password == secret)
        let both = #expect(throws: PostgresLocationError.self) {
            try PostgresLocation(url: "postgres://u:\(encoded)@h/d", passwordFile: file)
        }
        #expect(both?.description.contains("one way") == true)
        #expect(both?.description.contains(secret) == false)
    }

    @Test(arguments: [
        ("mysql://u@h/d", "postgres://user@host"), ("postgres://h/d", "no user"), ("postgres://u@h", "no database"),
        ("postgres://u@h/d?sslmode=sometimes", "sslmode"), ("postgres://u@h/d?timeout=3", "not supported"),
        ("postgres://u@/d", "no host"),
    ])
    func badURLsSayWhatIsWrong(_ url: String, _ words: String) {
        let error = #expect(throws: PostgresLocationError.self) { try PostgresLocation(url: url) }
        #expect(error?.description.contains(words) == true, "\(error?.description ?? "")")
    }

    @Test func aMissingOrEmptyPasswordFileIsNamed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let missing = #expect(throws: PostgresLocationError.self) {
            try PostgresLocation(url: "postgres://u@h/d", passwordFile: dir.file("absent"))
        }
        #expect(missing?.description.contains("cannot read") == true)
        try Data("\n".utf8).write(to: URL(fileURLWithPath: dir.file("empty")))
        let empty = #expect(throws: PostgresLocationError.self) {
            try PostgresLocation(url: "postgres://u@h/d", passwordFile: dir.file("empty"))
        }
        #expect(empty?.description.contains("is empty") == true)
    }
}
