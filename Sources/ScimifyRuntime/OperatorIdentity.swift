import Foundation

/// Who is at the keyboard, for `cli:<user>` and `console:<user>` audit actors: the login name (`USER`,
/// `LOGNAME`, the terminal's login), then `SUDO_USER` (a `sudo scimify ...` is audited as the person, not as
/// root), then the account of the uid, then the numeric uid, so an audit row never says `unknown`.
public enum OperatorIdentity {
    /// The operator's name from `environment` (the process's own by default).
    public static func name(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let login = [environment["USER"], environment["LOGNAME"], getlogin().map { String(cString: $0) }]
            .compactMap { $0 }.first { !$0.isEmpty }
        if let sudo = environment["SUDO_USER"], !sudo.isEmpty, login == nil || login == "root" { return sudo }
        if let login { return login }
        if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name.map({ String(cString: $0) }), !name.isEmpty
        {
            return name
        }
        return "uid\(getuid())"
    }
}
