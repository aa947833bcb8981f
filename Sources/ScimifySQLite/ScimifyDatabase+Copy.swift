import Foundation
import GRDB
import ScimifyStorage

/// The SQLite side of `scimify store copy`: every table read in one snapshot, written in one transaction.
extension ScimifyDatabase: StoreCopyEndpoint {
    package func exportForCopy() async throws -> StoreCopySnapshot {
        try await writer.read { db in
            var snapshot = StoreCopySnapshot()
            for table in CopyTable.all {
                let rows = try Row.fetchAll(db, sql: "SELECT \(table.columnList) FROM \(table.sqliteName)")
                snapshot.rows[table.name] = try rows.map { row in
                    try table.columns.indices.map { try Self.copyValue(row[$0], kind: table.columns[$0].kind) }
                }
            }
            return snapshot
        }
    }

    package func importForCopy(_ snapshot: StoreCopySnapshot) async throws {
        try writeTranslatingErrors { db in
            let holds =
                try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM instance) + (SELECT count(*) FROM audit_event)")
                ?? 0
            guard holds == 0 else { throw StoreCopier.notEmpty(path) }
            for table in CopyTable.all {
                let marks = Array(repeating: "?", count: table.columns.count).joined(separator: ", ")
                let statement = try db.makeStatement(
                    sql: "INSERT INTO \(table.sqliteName) (\(table.columnList)) VALUES (\(marks))")
                for row in snapshot.rows[table.name] ?? [] {
                    let values = try zip(row, table.columns).map { try Self.databaseValue($0, kind: $1.kind) }
                    try statement.execute(arguments: StatementArguments(values))
                }
                let found = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table.sqliteName)") ?? 0
                let expected = snapshot.rows[table.name]?.count ?? 0
                guard found == expected else {
                    throw StoreCopier.countMismatch(table.name, expected: expected, found: found)
                }
            }
        }
    }

    package func canOpenSealedKey(_ sealed: Data) -> Bool { (try? secrets.open(sealed)) != nil }

    private static func copyValue(_ value: DatabaseValue, kind: CopyKind) throws -> CopyValue {
        if value.isNull { return .null }
        switch kind {
        case .int: return .int(try Int64.fromDatabaseValue(value).orThrow(value))
        case .double: return .double(try Double.fromDatabaseValue(value).orThrow(value))
        case .text: return .text(try String.fromDatabaseValue(value).orThrow(value))
        case .blob: return .blob(try Data.fromDatabaseValue(value).orThrow(value))
        case .bool: return .bool(try Int64.fromDatabaseValue(value).orThrow(value) != 0)
        case .emails: return .list(StoredEmailList.decode(try String.fromDatabaseValue(value).orThrow(value)))
        case .commaList:
            let text = try String.fromDatabaseValue(value).orThrow(value)
            return .list(text.isEmpty ? [] : text.split(separator: ",").map(String.init))
        }
    }

    private static func databaseValue(_ value: CopyValue, kind: CopyKind) throws -> DatabaseValue {
        switch value {
        case .null: return .null
        case .int(let number): return number.databaseValue
        case .double(let number): return number.databaseValue
        case .text(let text): return text.databaseValue
        case .blob(let data): return data.databaseValue
        case .bool(let flag): return (flag ? 1 : 0).databaseValue
        case .list(let items):
            if case .emails = kind { return try StoredEmailList.encode(items).databaseValue }
            return items.joined(separator: ",").databaseValue
        }
    }
}

extension Optional {
    /// The value, or a ``StoreError`` naming the cell that could not be read.
    fileprivate func orThrow(_ cell: DatabaseValue) throws -> Wrapped {
        guard let self else { throw StoreError("cannot copy a stored value (\(cell.storage))") }
        return self
    }
}
