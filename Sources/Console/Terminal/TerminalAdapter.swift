import CNCursesW
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Set by SIGINT/SIGTERM/SIGHUP; the UI loop sees it within one poll and quits cleanly.
nonisolated(unsafe) private var quitSignalled: sig_atomic_t = 0
/// Whether curses owns the terminal, so the crash handlers know to restore it.
nonisolated(unsafe) private var cursesActive: sig_atomic_t = 0
nonisolated(unsafe) private let savedActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)

/// The only code that talks to ncurses: it starts and restores the terminal (also on SIGINT, SIGTERM,
/// SIGHUP and crashes), reads keys, and copies a ``CellBuffer`` to the screen. Every call comes from the
/// one UI thread (ncurses is not thread-safe).
public final class TerminalAdapter {
    private var window: UnsafeMutablePointer<WINDOW>?
    private let colors: Bool
    private var previous: CellBuffer?

    /// The linked library's version, e.g. `ncurses 6.4.20221231`.
    public static var libraryVersion: String {
        guard let text = curses_version() else { return "ncursesw (unknown version)" }
        return String(cString: text)
    }

    /// Whether a quit signal arrived.
    public var quitRequested: Bool { quitSignalled != 0 }

    /// Takes over the terminal.
    /// - Parameters:
    ///   - colors: use the meaning colours (off for `--no-color` and `NO_COLOR`); attributes stay on.
    ///   - mouse: report clicks and the wheel (off by default: capture blocks text selection).
    public init(colors: Bool, mouse: Bool, skin: ConsoleSkin = .standard) {
        setlocale(LC_ALL, "")
        if String(cString: nl_langinfo(nl_item(CODESET))) != "UTF-8" { setlocale(LC_ALL, "C.UTF-8") }
        if getenv("ESCDELAY") == nil { setenv("ESCDELAY", "25", 1) }
        for signal in [SIGINT, SIGTERM, SIGHUP] { Self.install(signal, save: false) { _ in quitSignalled = 1 } }
        for signal in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGFPE, SIGABRT] {
            Self.install(signal, save: true) { number in
                if cursesActive != 0 {
                    cursesActive = 0
                    endwin()
                }
                sigaction(number, savedActions + Int(number), nil)
                raise(number)
            }
        }
        atexit {
            if cursesActive != 0 {
                cursesActive = 0
                endwin()
            }
        }
        window = initscr()
        cursesActive = 1
        cbreak()
        noecho()
        nonl()
        keypad(window, true)
        curs_set(0)
        wtimeout(window, 50)
        self.colors = colors && has_colors()
        if self.colors {
            start_color()
            use_default_colors()
            init_pair(1, Self.curses(skin.ok), -1)
            init_pair(2, Self.curses(skin.warning), -1)
            init_pair(3, Self.curses(skin.error), -1)
            init_pair(4, Self.curses(skin.accent), -1)
            init_pair(5, Self.curses(skin.info), -1)
        }
        if mouse {
            mousemask(scimify_mouse_events(), nil)
            mouseinterval(0)
        }
    }

    /// The curses number of a skin colour.
    private static func curses(_ color: ConsoleSkin.Color) -> Int16 {
        switch color {
        case .black: Int16(COLOR_BLACK)
        case .red: Int16(COLOR_RED)
        case .green: Int16(COLOR_GREEN)
        case .yellow: Int16(COLOR_YELLOW)
        case .blue: Int16(COLOR_BLUE)
        case .magenta: Int16(COLOR_MAGENTA)
        case .cyan: Int16(COLOR_CYAN)
        case .white: Int16(COLOR_WHITE)
        }
    }

    /// Gives the terminal back (idempotent).
    public func stop() {
        guard cursesActive != 0 else { return }
        cursesActive = 0
        endwin()
    }

    deinit { stop() }

    /// The terminal's size in cells.
    public var size: (width: Int, height: Int) {
        (Int(getmaxx(window)), Int(getmaxy(window)))
    }

    /// The next key, resize or mouse report, or `nil` after the poll interval.
    public func nextKey() -> Key? {
        var character: wint_t = 0
        let status = wget_wch(window, &character)
        if status == KEY_CODE_YES { return special(Int32(character)) }
        guard status == OK, let scalar = Unicode.Scalar(character) else { return nil }
        switch character {
        case 0x0D, 0x0A: return .enter
        case 0x1B: return .escape
        case 0x09: return .tab
        case 0x7F, 0x08: return .backspace
        case 0x01...0x1A: return .control(Character(Unicode.Scalar(character + 0x60)!))
        default: return .character(Character(scalar))
        }
    }

    private func special(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_NPAGE: return .pageDown
        case KEY_PPAGE: return .pageUp
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case scimify_key_resize(): return .resize
        case KEY_MOUSE:
            var event = MEVENT()
            guard getmouse(&event) == OK else { return nil }
            if event.bstate & scimify_wheel_up() != 0 { return .wheelUp }
            if event.bstate & scimify_wheel_down() != 0 { return .wheelDown }
            if event.bstate & scimify_button1() != 0 { return .click(row: Int(event.y), column: Int(event.x)) }
            return nil
        case KEY_F0 + 1...KEY_F0 + 12: return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    /// Copies the frame to the screen; only rows that changed since the last frame are rewritten.
    public func draw(_ buffer: CellBuffer) {
        let full = previous == nil || previous?.width != buffer.width || previous?.height != buffer.height
        if full { werase(window) }
        for row in 0..<buffer.height {
            if !full, let previous, Self.rowEqual(previous, buffer, row) { continue }
            var column = 0
            while column < buffer.width {
                let cell = buffer[row, column]
                if cell.isContinuation {
                    column += 1
                    continue
                }
                // A run of cells with one style is written in one call.
                var run = cell.text
                var end = column + 1
                while end < buffer.width, buffer[row, end].style == cell.style {
                    run += buffer[row, end].text
                    end += 1
                }
                put(run, row: row, column: column, style: cell.style)
                column = end
            }
        }
        wmove(window, Int32(buffer.height - 1), 0)
        wrefresh(window)
        previous = buffer
    }

    /// Forces the next ``draw(_:)`` to repaint everything (after a resize).
    public func invalidate() {
        previous = nil
        clearok(window, true)
    }

    /// Puts `text` on the system clipboard through the terminal (OSC 52; tmux needs `set-clipboard on`).
    public func copyToClipboard(_ text: String) {
        let encoded = Data(text.utf8).base64EncodedString()
        let sequence = "\u{1B}]52;c;\(encoded)\u{07}"
        FileHandle.standardOutput.write(Data(sequence.utf8))
    }

    private static func rowEqual(_ a: CellBuffer, _ b: CellBuffer, _ row: Int) -> Bool {
        for column in 0..<a.width where a[row, column] != b[row, column] { return false }
        return true
    }

    private func put(_ text: String, row: Int, column: Int, style: CellStyle) {
        var attributes: attr_t = 0
        if style.bold { attributes |= scimify_a_bold() }
        if style.dim || style.tone == .muted { attributes |= scimify_a_dim() }
        if style.reverse { attributes |= scimify_a_reverse() }
        if style.underline { attributes |= scimify_a_underline() }
        if colors {
            let pair: Int32? =
                switch style.tone {
                case .ok: 1
                case .pending: 2
                case .error: 3
                case .accent: 4
                case .blue: 5
                case .normal, .muted: nil
                }
            if let pair { attributes |= attr_t(bitPattern: scimify_color_pair(pair)) }
        }
        var wide = text.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        wide.append(0)
        wattrset(window, Int32(bitPattern: attributes))
        mvwaddwstr(window, Int32(row), Int32(column), &wide)
        wattrset(window, 0)
    }

    private static func install(_ signal: Int32, save: Bool, _ handler: @escaping @convention(c) (Int32) -> Void) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        sigaction(signal, &action, save ? savedActions + Int(signal) : nil)
    }
}
