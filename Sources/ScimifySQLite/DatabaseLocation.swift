import Foundation

/// Where the database lives: `--db PATH`, else `SCIMIFY_DB`, else `$XDG_DATA_HOME/scimify/scimify.sqlite`
/// (or `~/.local/share/scimify/scimify.sqlite`).
public enum DatabaseLocation {
    /// Resolves the database path.
    /// - Parameters:
    ///   - explicit: the `--db` value, if given.
    ///   - environment: the process environment.
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        -> String
    {
        if let explicit, !explicit.isEmpty { return explicit }
        if let fromEnv = environment["SCIMIFY_DB"], !fromEnv.isEmpty { return fromEnv }
        let dataHome: String
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            dataHome = xdg
        } else {
            let home = environment["HOME"] ?? NSHomeDirectory()
            dataHome = (home as NSString).appendingPathComponent(".local/share")
        }
        return ((dataHome as NSString).appendingPathComponent("scimify") as NSString)
            .appendingPathComponent("scimify.sqlite")
    }
}
