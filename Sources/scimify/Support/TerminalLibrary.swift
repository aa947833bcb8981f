import CNCursesW

/// Facts about the linked ncursesw library (the console's terminal adapter uses it for drawing).
enum TerminalLibrary {
    /// `ncurses 6.4.20221231`, as the library reports itself.
    static var version: String {
        guard let text = curses_version() else { return "ncursesw (unknown version)" }
        return String(cString: text)
    }
}
