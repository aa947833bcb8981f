/// The keys that scroll a long text (help, notices, result lists, the detail pane with `J`/`K`): how far one
/// press moves it. Every scrolled text uses this one table, so the same keys scroll everywhere.
enum ScrollKey {
    /// The lines `key` scrolls by (negative: up), `nil` when it is not a scroll key. `page` is the height shown.
    static func step(_ key: Key, page: Int) -> Int? {
        switch key {
        case .down, .character("j"): 1
        case .up, .character("k"): -1
        case .pageDown, .control("f"), .character(" "): max(1, page - 1)
        case .pageUp, .control("b"): -max(1, page - 1)
        case .home, .character("g"): Int.min / 2
        case .end, .character("G"): Int.max / 2
        default: nil
        }
    }

    /// `scroll` moved by `step` and kept within a text of `count` lines of which `page` are shown.
    static func moved(_ scroll: Int, by step: Int, count: Int, page: Int) -> Int {
        max(0, min(max(0, count - page), scroll + step))
    }
}
