import Foundation

/// Where the console keeps what it remembers for its operator (``ConsoleMemory``):
/// `$XDG_STATE_HOME/scimify/console.json`, else `~/.local/state/scimify/console.json`. Written whole (a
/// temporary file renamed over it), readable by its owner only. A missing or unreadable file is an empty
/// memory: the console never fails to start over it.
public struct ConsoleMemoryFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The file for this user from the environment.
    public static func standard(environment: [String: String]) -> ConsoleMemoryFile {
        let base =
            environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/state")
        return ConsoleMemoryFile(path: base + "/scimify/console.json")
    }

    public func load() -> ConsoleMemory {
        guard let data = FileManager.default.contents(atPath: path),
            let memory = try? JSONDecoder().decode(ConsoleMemory.self, from: data)
        else { return ConsoleMemory() }
        return memory
    }

    public func save(_ memory: ConsoleMemory) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let temporary = path + ".tmp-\(getpid())"
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: try encoder.encode(memory), attributes: [.posixPermissions: 0o600])
        else { throw CocoaError(.fileWriteNoPermission) }
        guard rename(temporary, path) == 0 else {
            unlink(temporary)
            throw CocoaError(.fileWriteUnknown)
        }
    }
}
