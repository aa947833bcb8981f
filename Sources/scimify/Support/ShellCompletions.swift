import ArgumentParser
import Foundation
import ScimifyCore
import ScimifyRuntime
import ScimifySQLite
import ScimifyStorage

/// What the shell completion scripts (`scimify --generate-completion-script bash|zsh|fish`) offer beyond the
/// fixed values (modes and colours complete from their enums): the four roles a change can set, and the names
/// read from the store the command line points at (`--db`, `--database-url`): instance slugs and the problem
/// ids of `--instance` (or the only instance, on any store). A store that cannot be read offers nothing; completing never
/// prints an error or changes anything.
enum ShellCompletions {
    /// `user developer billing claude_code_user` (`admin` is never offered: no path can set it).
    static let roles = CompletionKind.list(ClaudeRole.provisionable.map(\.rawValue))

    /// Synchronous (it also completes options of synchronous commands): reads a SQLite store that exists;
    /// a PostgreSQL store offers nothing here.
    static let instances = CompletionKind.custom { words, _, prefix in
        guard let selection = try? StoreSelection.parse(storeArguments(words)), selection.postgresURL == nil,
            FileManager.default.fileExists(atPath: selection.sqlitePath),
            let found = try? ScimifyDatabase(path: selection.sqlitePath).instances()
        else { return [] }
        return found.map(\.slug).filter { $0.hasPrefix(prefix) }
    }

    static let problems = CompletionKind.custom { words, _, prefix async in
        guard let options = try? StoreOptions.parse(storeArguments(words)),
            let context = try? await options.instanceContext(value(of: "--instance", in: words), resume: false),
            let found = try? await context.runtime.problems()
        else { return [] }
        return found.map(\.id).filter { $0.hasPrefix(prefix) }
    }

    /// The store options among the words typed so far.
    private static func storeArguments(_ words: [String]) -> [String] {
        ["--db", "--database-url", "--database-password-file"].flatMap { name in
            value(of: name, in: words).map { [name, $0] } ?? []
        }
    }

    private static func value(of option: String, in words: [String]) -> String? {
        guard let index = words.firstIndex(of: option), index + 1 < words.count else { return nil }
        return words[index + 1]
    }
}
