/// How one cell is drawn: a meaning colour (never the only signal) and text attributes.
public struct CellStyle: Hashable, Sendable {
    /// The 8 ANSI colours carry meaning only; `.normal` is the terminal's own foreground.
    public enum Tone: UInt8, Sendable, CaseIterable {
        case normal, ok, pending, error, accent, muted, blue
    }

    public var tone: Tone
    public var bold: Bool
    public var dim: Bool
    public var reverse: Bool
    public var underline: Bool

    public init(
        tone: Tone = .normal, bold: Bool = false, dim: Bool = false, reverse: Bool = false, underline: Bool = false
    ) {
        self.tone = tone
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    public static let plain = CellStyle()
    public static let bold = CellStyle(bold: true)
    public static let selected = CellStyle(reverse: true)
    public static let heading = CellStyle(bold: true, underline: true)
    public static let ok = CellStyle(tone: .ok)
    public static let pending = CellStyle(tone: .pending)
    public static let error = CellStyle(tone: .error, bold: true)
    public static let accent = CellStyle(tone: .accent)
    public static let muted = CellStyle(dim: true)

    /// This style with `reverse` set (a selected row keeps its meaning colour).
    public var reversed: CellStyle {
        var copy = self
        copy.reverse = true
        return copy
    }

    /// A short code for test assertions: tone initial plus `b`, `d`, `r`, `u`.
    public var code: String {
        let tones: [Tone: String] = [
            .normal: "", .ok: "G", .pending: "Y", .error: "R", .accent: "C", .muted: "M", .blue: "B",
        ]
        return (tones[tone] ?? "") + (bold ? "b" : "") + (dim ? "d" : "") + (reverse ? "r" : "")
            + (underline ? "u" : "")
    }
}
