import Console

extension CellBuffer {
    /// Style codes of a row's cells (see ``CellStyle/code``), `.` for plain, for attribute assertions.
    func styleCodes(row: Int) -> String {
        (0..<width).map { column in
            let code = self[row, column].style.code
            return code.isEmpty ? "." : String(code.prefix(1))
        }.joined()
    }
}
