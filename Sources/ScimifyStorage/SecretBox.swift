import Crypto
import Foundation
import Glibc
import ScimifyCore

/// Encrypts the Admin API keys at rest (AES-GCM) with the master key, and makes and checks SCIM tokens.
///
/// The master key comes from `SCIMIFY_MASTER_KEY` (base64 of 32 bytes) or from `scimify.key` beside the
/// database, created with mode 0600 on first use. A key file readable by group or others is refused.
/// Package-visible: the PostgreSQL store seals with the same box (every replica needs the same master key).
package struct SecretBox: Sendable {
    private let key: SymmetricKey

    package static let keyFileName = "scimify.key"

    /// - Parameter holdsSecrets: whether the database already holds sealed keys: then a missing key file is an
    ///   error (a new key could never open them), never a reason to create one.
    package static func load(databasePath: String, environment: [String: String], holdsSecrets: Bool) throws
        -> SecretBox
    {
        if let box = try fromEnvironment(environment) { return box }
        let directory = (databasePath as NSString).deletingLastPathComponent
        let keyPath = ((directory.isEmpty ? "." : directory) as NSString).appendingPathComponent(keyFileName)
        if holdsSecrets, !FileManager.default.fileExists(atPath: keyPath) {
            throw StoreError(
                "refusing to start: the database \(databasePath) holds encrypted Admin API keys but the master key file "
                    + "\(keyPath) is missing. Restore scimify.key from a backup into that directory, or set "
                    + "SCIMIFY_MASTER_KEY to the key the database was made with. Scimify does not create a new key "
                    + "beside a database that has secrets: it could never decrypt them.")
        }
        return SecretBox(key: try loadOrCreateKeyFile(at: keyPath))
    }

    /// The box of `SCIMIFY_MASTER_KEY`, else of the file `SCIMIFY_MASTER_KEY_FILE` names (a secrets mount:
    /// owner-readable only), or `nil` when neither is set.
    package static func fromEnvironment(_ environment: [String: String]) throws -> SecretBox? {
        var name = "SCIMIFY_MASTER_KEY"
        var text = environment[name] ?? ""
        if text.isEmpty, let path = environment["SCIMIFY_MASTER_KEY_FILE"], !path.isEmpty {
            name = "the key file \(SafeText.quoted(path))"
            guard let read = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw StoreError("cannot read SCIMIFY_MASTER_KEY_FILE \(SafeText.quoted(path))")
            }
            if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int,
                mode & 0o077 != 0
            {
                throw StoreError("\(name) is readable by other users; run chmod 600 on it")
            }
            text = read
        }
        guard !text.isEmpty else { return nil }
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32
        else {
            throw StoreError("\(name) must be the base64 encoding of exactly 32 bytes")
        }
        return SecretBox(key: SymmetricKey(data: data))
    }

    private static func loadOrCreateKeyFile(at path: String) throws -> SymmetricKey {
        if !FileManager.default.fileExists(atPath: path) {
            let fresh = SymmetricKey(size: .bits256)
            let text = fresh.withUnsafeBytes { Data($0).base64EncodedString() } + "\n"
            let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
            if fd >= 0 {
                let written = text.withCString { write(fd, $0, strlen($0)) }
                fsync(fd)
                close(fd)
                guard written > 0 else { throw StoreError("cannot write the master key file \(path)") }
            } else if errno != EEXIST {
                throw StoreError("cannot create the master key file \(path): \(String(cString: strerror(errno)))")
            }
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw StoreError("cannot read the master key file \(path)") }
        if info.st_mode & 0o077 != 0 {
            throw StoreError(
                "refusing to start: the master key file \(path) is readable by group or others "
                    + "(mode \(String(info.st_mode & 0o777, radix: 8))); run chmod 600 \(path)"
            )
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)), data.count == 32
        else {
            throw StoreError("the master key file \(path) is damaged (expected base64 of 32 bytes)")
        }
        return SymmetricKey(data: data)
    }

    /// Seals a secret with AES-GCM (random nonce, combined form).
    package func seal(_ secret: String) throws -> Data {
        guard let combined = try AES.GCM.seal(Data(secret.utf8), using: key).combined else {
            throw StoreError("cannot encrypt the secret")
        }
        return combined
    }

    /// Opens a sealed secret; a wrong master key is reported without revealing anything.
    package func open(_ sealed: Data) throws -> String {
        do {
            let box = try AES.GCM.SealedBox(combined: sealed)
            return String(decoding: try AES.GCM.open(box, using: key), as: UTF8.self)
        } catch {
            throw StoreError(
                "cannot decrypt a stored Admin API key: the master key (SCIMIFY_MASTER_KEY or scimify.key) is not "
                    + "the one it was stored with"
            )
        }
    }

    /// A new SCIM bearer token: 32 random bytes, base64url, prefixed `scimify_`.
    package static func newToken() -> String {
        let bytes = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        let text = bytes.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        return "scimify_" + text
    }

    /// SHA-256 of a token, the only form stored.
    package static func hash(token: String) -> Data { Data(SHA256.hash(data: Data(token.utf8))) }

    /// Compares a presented token with a stored hash in constant time.
    package static func matches(token: String, hash stored: Data) -> Bool {
        let presented = hash(token: token)
        guard presented.count == stored.count else { return false }
        var difference: UInt8 = 0
        for (a, b) in zip(presented, stored) { difference |= a ^ b }
        return difference == 0
    }
}
