import ScimifyCore

/// The operator's console settings from `config.toml` (read and checked by the command line): the keymap
/// with any rebinding, the skin, per-instance read-only and header colour, and the instance opened when
/// none is named. A file with errors is not half-applied: the console starts on the standard settings and
/// says what `scimify config check` reports.
public struct ConsoleConfig: Sendable {
    public var keymap = Keymap.standard
    public var skin = ConsoleSkin.standard
    /// Instances (by slug) the console never changes, as if started with `--read-only` on them.
    public var readOnlyInstances: Set<String> = []
    /// Header colours by slug; they win over `instances set-color` in this operator's console.
    public var headerColors: [String: Instance.HeaderColor] = [:]
    /// The instance `scimify console` opens when `--instance` is not given.
    public var defaultInstance: String?
    /// Why the file was not applied (empty: it was, or there is none).
    public var problems: [String] = []

    public init() {}
}

/// The colours of the console's tones, from the config file's `[colors]`.
public struct ConsoleSkin: Sendable, Equatable {
    /// A terminal colour (the eight of every terminal).
    public enum Color: String, Sendable, CaseIterable {
        case black, red, green, yellow, blue, magenta, cyan, white
    }

    /// Success and the IdP's people.
    public var ok: Color = .green
    /// Pending invites, warnings, READ-ONLY and DRY-RUN.
    public var warning: Color = .yellow
    /// Errors and destructive dialogs.
    public var error: Color = .red
    /// Keys, the header, progress.
    public var accent: Color = .cyan
    /// The blue header colour.
    public var info: Color = .blue

    public static let standard = ConsoleSkin()

    /// The tones by their names in the file.
    public static let toneNames = ["ok", "warning", "error", "accent", "info"]

    public init() {}

    /// Sets the tone named `name`; `false` when there is no such tone.
    public mutating func set(_ name: String, to color: Color) -> Bool {
        switch name {
        case "ok": ok = color
        case "warning": warning = color
        case "error": error = color
        case "accent": accent = color
        case "info": info = color
        default: return false
        }
        return true
    }
}
