import ClaudeAdminAPI
import Foundation
import ScimifyCore

/// Tells the person at the CLI that a command waits for the Admin API's rate limit: on a terminal, a
/// countdown on stderr that rewrites one line each second; otherwise one line (a log or CI keeps it).
enum RateLimitCountdown {
    static func stderr(_ wait: RateLimitWait) {
        let seconds = Int(wait.seconds.rounded(.up))
        let request = wait.requestID.map { ", request-id \(SafeText.neutralized($0))" } ?? ""
        guard isatty(STDERR_FILENO) == 1 else {
            write(
                "scimify: rate limited by the Admin API (\(wait.endpoint)\(request)); waiting \(seconds) s (--max-wait caps it)\n"
            )
            return
        }
        Task.detached {
            for left in stride(from: seconds, to: 0, by: -1) {
                write("\r\u{1B}[Kscimify: rate limited by the Admin API (\(wait.endpoint)); waiting \(left) s… ")
                try? await Task.sleep(for: .seconds(1))
            }
            write("\r\u{1B}[K")
        }
    }

    private static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
