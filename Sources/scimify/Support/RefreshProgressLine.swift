import Foundation
import ScimifyCore

/// The refresh's progress on stderr, rewritten in place (pages and rows of both listings), when stderr is a
/// terminal; nothing otherwise, so scripts and `--json` get clean output.
struct RefreshProgressLine: Sendable {
    let enabled: Bool

    init(enabled: Bool = isatty(STDERR_FILENO) == 1) { self.enabled = enabled }

    /// The callback a refresh calls with each page, or `nil` when disabled.
    var callback: (@Sendable (Refresher.Progress) -> Void)? {
        guard enabled else { return nil }
        return { progress in
            let line =
                "\rmembers: \(progress.members.pages) pages, \(progress.members.rows) rows; "
                + "invites: \(progress.invites.pages) pages, \(progress.invites.rows) rows"
            FileHandle.standardError.write(Data(line.utf8))
        }
    }

    /// Ends the line once the refresh is over.
    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
