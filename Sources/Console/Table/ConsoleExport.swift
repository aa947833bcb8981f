import Foundation
import ScimifyCore

/// `:export PATH`: the current view's rows as filtered and sorted, with the cells the table shows, as CSV or
/// JSON (by the path's extension). Pure: the runner writes the text to the file.
enum ConsoleExport {
    enum Format { case csv, json }

    static func format(of path: String) -> Format? {
        switch (path as NSString).pathExtension.lowercased() {
        case "csv": .csv
        case "json": .json
        default: nil
        }
    }

    /// The view's titles and the visible rows' cells, or `nil` for a view that is not a table.
    static func table(_ state: ConsoleState) -> (titles: [String], rows: [[String]])? {
        state.tab.view.table?.exported(state)
    }

    static func text(_ table: (titles: [String], rows: [[String]]), as format: Format) -> String {
        switch format {
        case .csv:
            return ([table.titles] + table.rows).map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n")
                + "\n"
        case .json:
            let keys = table.titles.map { $0.lowercased().replacingOccurrences(of: " ", with: "_") }
            let objects = table.rows.map { Dictionary(uniqueKeysWithValues: zip(keys, $0)) }
            let data =
                (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys]))
                ?? Data("[]".utf8)
            return String(decoding: data, as: UTF8.self) + "\n"
        }
    }

    /// A CSV field: quoted when needed, and a leading `=`, `+`, `-` or `@` (a formula in a spreadsheet, which a
    /// hostile name from the network could carry) defused with a `'`.
    static func csvField(_ text: String) -> String {
        var field = text
        if let first = field.first, "=+-@".contains(first) { field = "'" + field }
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
