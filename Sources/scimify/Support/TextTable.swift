import ScimifyCore

/// An aligned plain-text table whose columns are measured in terminal display width (CJK, emoji).
/// Every cell is neutralised first, so text from the network cannot move the cursor or recolour the terminal.
struct TextTable {
    let headers: [String]
    private(set) var rows: [[String]] = []

    init(_ headers: String...) { self.headers = headers }

    mutating func append(_ cells: [String]) {
        rows.append(cells.map { SafeText.neutralized($0, limit: 200) })
    }

    /// The table with a header line, two spaces between columns and no trailing spaces.
    func render() -> String {
        var widths = headers.map(DisplayWidth.of)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], DisplayWidth.of(cell))
            }
        }
        func line(_ cells: [String]) -> String {
            var text = ""
            for (index, cell) in cells.enumerated() {
                let isLast = index == cells.count - 1
                text += isLast ? cell : DisplayWidth.pad(cell, to: widths[index]) + "  "
            }
            return text
        }
        return ([line(headers)] + rows.map(line)).joined(separator: "\n")
    }
}
