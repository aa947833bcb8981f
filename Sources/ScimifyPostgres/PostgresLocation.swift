import Foundation
import NIOSSL
import PostgresNIO

/// Where a PostgreSQL store is: parsed from `postgres://user[:password]@host[:port]/database?sslmode=MODE`
/// (`--database-url` or `SCIMIFY_DATABASE_URL`). The password comes from exactly one of the URL, a password
/// file (`--database-password-file`) or `PGPASSWORD`; it is never part of ``description`` or of an error.
public struct PostgresLocation: Sendable, Equatable, CustomStringConvertible {
    /// libpq's `sslmode` values this bridge honours (`allow` is read as `prefer`).
    public enum SSLMode: String, Sendable, Equatable, CaseIterable {
        case disable, prefer, require
        case verifyCA = "verify-ca"
        case verifyFull = "verify-full"
    }

    public var host: String
    public var port: Int
    public var username: String
    public var database: String
    public var sslMode: SSLMode
    /// Not printed anywhere (``description`` leaves it out).
    var password: String?

    /// The URL without its password, for messages and logs.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }

    /// Parses a URL and finds its password.
    /// - Parameters:
    ///   - url: `postgres://` or `postgresql://`.
    ///   - passwordFile: a file whose first line is the password.
    ///   - environment: read for `PGPASSWORD`.
    /// - Throws: ``PostgresLocationError`` naming what is wrong, never echoing a password.
    public init(url: String, passwordFile: String? = nil, environment: [String: String] = [:]) throws {
        guard let components = URLComponents(string: url),
            components.scheme == "postgres" || components.scheme == "postgresql"
        else {
            throw PostgresLocationError("the database URL must look like postgres://user@host:5432/database")
        }
        guard let host = components.host, !host.isEmpty else {
            throw PostgresLocationError("the database URL names no host")
        }
        guard let user = components.user, !user.isEmpty else {
            throw PostgresLocationError("the database URL names no user (postgres://USER@host/database)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw PostgresLocationError("the database URL names no database (postgres://user@host/DATABASE)")
        }
        var mode = SSLMode.prefer
        for item in components.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                let value = item.value ?? ""
                guard let parsed = value == "allow" ? .prefer : SSLMode(rawValue: value) else {
                    throw PostgresLocationError(
                        "sslmode \(value.debugDescription) is not one of "
                            + SSLMode.allCases.map(\.rawValue).joined(separator: ", "))
                }
                mode = parsed
            default:
                throw PostgresLocationError("the database URL option \(item.name.debugDescription) is not supported")
            }
        }
        let fromURL = components.password.flatMap { $0.isEmpty ? nil : $0 }
        let fromFile = try passwordFile.map(Self.readPassword)
        if fromURL != nil, fromFile != nil {
            throw PostgresLocationError(
                "the password is both in the database URL and in --database-password-file: give it one way")
        }
        self.host = host
        self.port = components.port ?? 5432
        self.username = user
        self.database = database
        self.sslMode = mode
        self.password = fromURL ?? fromFile ?? environment["PGPASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// PostgresNIO's configuration: TLS as `sslmode` says (`require` encrypts without checking the
    /// certificate, as libpq does; `verify-ca` checks the chain; `verify-full` the chain and the host name).
    public func clientConfiguration() -> PostgresClient.Configuration {
        let tls: PostgresClient.Configuration.TLS
        var checked = TLSConfiguration.makeClientConfiguration()
        switch sslMode {
        case .disable: tls = .disable
        case .prefer:
            checked.certificateVerification = .none
            tls = .prefer(checked)
        case .require:
            checked.certificateVerification = .none
            tls = .require(checked)
        case .verifyCA:
            checked.certificateVerification = .noHostnameVerification
            tls = .require(checked)
        case .verifyFull: tls = .require(checked)
        }
        return PostgresClient.Configuration(
            host: host, port: port, username: username, password: password, database: database, tls: tls)
    }

    /// The same server and credentials with another database (tests make a database of their own).
    public func with(database: String) -> PostgresLocation {
        var copy = self
        copy.database = database
        return copy
    }

    private static func readPassword(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PostgresLocationError("cannot read the database password file \(path)")
        }
        let line = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init)
        guard let line, !line.isEmpty else {
            throw PostgresLocationError("the database password file \(path) is empty")
        }
        return line
    }
}

/// A database URL or password that cannot be used; the message never holds the password.
public struct PostgresLocationError: Error, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
