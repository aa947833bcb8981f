import Foundation
import GRDB
import ScimifyCore
import ScimifyStorage
import ScimifyTestSupport
import Testing

@testable import ScimifySQLite

@Suite struct DatabaseTests {
    let environment: [String: String] = [:]

    @Test func migratesFromEmptyToTheLatestVersion() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let database = try ScimifyDatabase(path: dir.file("db.sqlite"), environment: environment)
        #expect(try database.appliedMigrations() == Migrations.names)
        let journal = try database.writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journal == "wal")
    }

    @Test func migratesFromEachEarlierVersionKeepingData() async throws {
        for (index, version) in Migrations.names.dropLast().enumerated() {
            let dir = try TemporaryDirectory()
            defer { dir.remove() }
            let path = dir.file("db.sqlite")
            let old = try ScimifyDatabase(path: path, environment: environment, migrateUpTo: version)
            #expect(try old.appliedMigrations() == Array(Migrations.names.prefix(index + 1)))
            let created = try old.addInstance(
                name: "Old Org", apiBaseURL: "http://127.0.0.1:1", apiKey: "sk-old", mode: .enforce)
            try await old.writer.write { db in
                try db.execute(
                    sql:
                        "INSERT INTO audit_event (at, actor, action, outcome, detail) VALUES (1, 'cli:x', 'refresh', 'ok', 'before upgrade')"
                )
            }
            let upgraded = try ScimifyDatabase(path: path, environment: environment)
            #expect(try upgraded.appliedMigrations() == Migrations.names)
            #expect(try upgraded.instances().map(\.slug) == ["old-org"])
            #expect(try upgraded.apiKey(of: created.instance) == "sk-old")
            #expect(try await upgraded.authenticates(created.scimToken, for: created.instance))
            #expect(try upgraded.auditEvents().first?.detail == "before upgrade")
        }
    }

    @Test func rawDatabaseBytesNeverContainTheKeyOrTheToken() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let key = "sk-ant-admin01-SECRETSECRET-\(UUID().uuidString)"
        let database = try ScimifyDatabase(path: dir.file("db.sqlite"), environment: environment)
        let created = try database.addInstance(
            name: "Acme", apiBaseURL: "http://127.0.0.1:1", apiKey: key, mode: .enforce)
        let rotated = try await database.rotateToken(of: created.instance)
        #expect(try database.apiKey(of: created.instance) == key)
        let bytes = try dir.allBytes()
        for secret in [key, created.scimToken, rotated, "SECRETSECRET"] {
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "found a secret in the files")
        }
        #expect(try await !database.authenticates(created.scimToken, for: created.instance))  // rotated away
        #expect(try await database.authenticates(rotated, for: created.instance))
        #expect(try await !database.authenticates(rotated + "x", for: created.instance))
        var info = stat()
        #expect(stat(dir.file("db.sqlite"), &info) == 0 && info.st_mode & 0o077 == 0)
    }

    @Test func aTokenOfAnotherInstanceIsRefused() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let database = try ScimifyDatabase(path: dir.file("db.sqlite"), environment: environment)
        let one = try database.addInstance(name: "One", apiBaseURL: "http://x.example", apiKey: "k1", mode: .enforce)
        let two = try database.addInstance(name: "Two", apiBaseURL: "http://x.example", apiKey: "k2", mode: .dryRun)
        #expect(try await database.authenticates(one.scimToken, for: one.instance))
        #expect(try await !database.authenticates(one.scimToken, for: two.instance))
        #expect(SecretBox.newToken().utf8.count >= 40)
    }

    @Test func keyFileReadableByOthersIsRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try ScimifyDatabase(path: dir.file("db.sqlite"), environment: environment)
        let keyFile = dir.file(SecretBox.keyFileName)
        var info = stat()
        #expect(stat(keyFile, &info) == 0 && info.st_mode & 0o777 == 0o600)
        chmod(keyFile, 0o644)
        do {
            _ = try ScimifyDatabase(path: dir.file("db.sqlite"), environment: environment)
            Issue.record("opened with a world-readable key file")
        } catch let error as StoreError {
            #expect(error.message.contains("readable by group or others"))
            #expect(error.message.contains("chmod 600"))
        }
    }

    /// A database with sealed keys and no key file: refuse, name the file and both ways out, write no key.
    @Test func aMissingKeyFileBesideSecretsIsRefusedAndNeverReplaced() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.file("db.sqlite")
        let keyFile = dir.file(SecretBox.keyFileName)
        let database = try ScimifyDatabase(path: path, environment: environment)
        let created = try database.addInstance(
            name: "Acme", apiBaseURL: "http://x.example", apiKey: "sk-1", mode: .enforce)
        let original = try String(contentsOfFile: keyFile, encoding: .utf8)
        try FileManager.default.removeItem(atPath: keyFile)
        do {
            _ = try ScimifyDatabase(path: path, environment: environment)
            Issue.record("opened a database with secrets and no master key")
        } catch let error as StoreError {
            #expect(
                error.message.contains("holds encrypted Admin API keys but the master key file \(keyFile) is missing"))
            #expect(error.message.contains("Restore scimify.key") && error.message.contains("SCIMIFY_MASTER_KEY"))
        }
        #expect(!FileManager.default.fileExists(atPath: keyFile), "no new key is written beside the secrets")
        // Restoring the file is the way back.
        try original.write(toFile: keyFile, atomically: true, encoding: .utf8)
        chmod(keyFile, 0o600)
        #expect(try ScimifyDatabase(path: path, environment: environment).apiKey(of: created.instance) == "sk-1")
        // A new, empty database still gets its key made on first use.
        _ = try ScimifyDatabase(path: dir.file("other/db.sqlite"), environment: environment)
        #expect(FileManager.default.fileExists(atPath: dir.file("other/\(SecretBox.keyFileName)")))
    }

    @Test func masterKeyFromTheEnvironmentAndAWrongOne() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let keyA = Data(repeating: 7, count: 32).base64EncodedString()
        let keyB = Data(repeating: 9, count: 32).base64EncodedString()
        let database = try ScimifyDatabase(path: dir.file("db.sqlite"), environment: ["SCIMIFY_MASTER_KEY": keyA])
        let created = try database.addInstance(
            name: "Acme", apiBaseURL: "http://x.example", apiKey: "sk-1", mode: .enforce)
        #expect(!FileManager.default.fileExists(atPath: dir.file(SecretBox.keyFileName)))
        let wrong = try ScimifyDatabase(path: dir.file("db.sqlite"), environment: ["SCIMIFY_MASTER_KEY": keyB])
        #expect(throws: StoreError.self) { try wrong.apiKey(of: created.instance) }
        #expect(throws: StoreError.self) {
            try ScimifyDatabase(path: dir.file("x.sqlite"), environment: ["SCIMIFY_MASTER_KEY": "short"])
        }
    }

    /// `SCIMIFY_MASTER_KEY_FILE` (a secrets mount every replica has): its key is used; a file others can read,
    /// or one that is not a key, is refused in words that never show its content.
    @Test func masterKeyFromAKeyFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let key = Data(repeating: 5, count: 32).base64EncodedString()
        let path = dir.file("master.key")
        try (key + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        let fromFile = try #require(try SecretBox.fromEnvironment(["SCIMIFY_MASTER_KEY_FILE": path]))
        let fromVariable = try #require(try SecretBox.fromEnvironment(["SCIMIFY_MASTER_KEY": key]))
        #expect(try fromVariable.open(fromFile.seal("sk-shared")) == "sk-shared")
        chmod(path, 0o644)
        #expect(throws: StoreError.self) { try SecretBox.fromEnvironment(["SCIMIFY_MASTER_KEY_FILE": path]) }
        try "not a key".write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
        do {
            _ = try SecretBox.fromEnvironment(["SCIMIFY_MASTER_KEY_FILE": path])
            Issue.record("a file without a key was accepted")
        } catch let error as StoreError {
            #expect(error.message.contains("exactly 32 bytes") && !error.message.contains("not a key"))
        }
        #expect(try SecretBox.fromEnvironment([:]) == nil)
    }

    @Test func instancesResolveByNameOrAsTheOnlyOne() async throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let database = try ScimifyDatabase(path: dir.file("db.sqlite"), environment: environment)
        await #expect(throws: StoreError.self) { try await database.resolveInstance(nil) }
        _ = try database.addInstance(name: "Acme Prod!", apiBaseURL: "http://x.example", apiKey: "k", mode: .enforce)
        #expect(try await database.resolveInstance(nil).slug == "acme-prod")
        #expect(throws: StoreError.self) {
            try database.addInstance(name: "acme prod", apiBaseURL: "http://x.example", apiKey: "k", mode: .enforce)
        }
        _ = try database.addInstance(name: "Staging", apiBaseURL: "http://x.example", apiKey: "k", mode: .dryRun)
        await #expect(throws: StoreError.self) { try await database.resolveInstance(nil) }
        #expect(try await database.resolveInstance("staging").mode == .dryRun)
        #expect(try await database.resolveInstance("Acme Prod!").slug == "acme-prod")
        try database.changeSetting(
            .mode(.enforce), of: await database.resolveInstance("staging"), actor: "cli:test", at: Date())
        #expect(try await database.resolveInstance("staging").mode == .enforce)
        try await database.removeInstance(database.resolveInstance("staging"))
        #expect(try database.instances().count == 1)
    }

    @Test func databasePathResolution() {
        #expect(
            DatabaseLocation.resolve(explicit: "/x/y.sqlite", environment: ["SCIMIFY_DB": "/e.sqlite"]) == "/x/y.sqlite"
        )
        #expect(DatabaseLocation.resolve(explicit: nil, environment: ["SCIMIFY_DB": "/e.sqlite"]) == "/e.sqlite")
        #expect(
            DatabaseLocation.resolve(explicit: nil, environment: ["XDG_DATA_HOME": "/d"]) == "/d/scimify/scimify.sqlite"
        )
        #expect(
            DatabaseLocation.resolve(explicit: nil, environment: ["HOME": "/h"])
                == "/h/.local/share/scimify/scimify.sqlite")
    }
}

extension StorePort {
    /// Whether `token` is the SCIM token of `instance`, checked the way the SCIM server checks it.
    fileprivate func authenticates(_ token: String, for instance: Instance) async throws -> Bool {
        try await authenticatedInstance(slug: instance.slug, token: token)?.id == instance.id
    }
}
