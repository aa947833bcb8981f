import Foundation
import PostgresNIO
import ScimifyStorage

/// The PostgreSQL side of `scimify store copy`. Table and column names come from ``CopyTable`` (constants of
/// this program, never input); every value is a bound parameter.
extension PostgresStore: StoreCopyEndpoint {
    package func exportForCopy() async throws -> StoreCopySnapshot {
        // One repeatable-read transaction: every table as of one moment, while replicas keep writing.
        try await pool.client.transaction(logger: pool.logger) { connection in
            try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ", logger: pool.logger)
            var snapshot = StoreCopySnapshot()
            for table in CopyTable.all {
                var rows: [[CopyValue]] = []
                let sequence = try await connection.query(
                    PostgresQuery(unsafeSQL: "SELECT \(table.columnList) FROM \(table.postgresName)"),
                    logger: pool.logger)
                for try await row in sequence {
                    let cells = row.makeRandomAccess()
                    rows.append(try table.columns.indices.map { try Self.copyValue(cells, $0, table.columns[$0].kind) })
                }
                snapshot.rows[table.name] = rows
            }
            return snapshot
        }
    }

    package func importForCopy(_ snapshot: StoreCopySnapshot) async throws {
        try await pool.client.transaction(logger: pool.logger) { connection in
            try await write(snapshot, connection)
        }
    }

    package func canOpenSealedKey(_ sealed: Data) -> Bool { (try? instanceStore.secrets.open(sealed)) != nil }

    private func write(_ snapshot: StoreCopySnapshot, _ connection: PostgresConnection) async throws {
        // Two copies into one database at once: the second waits here, then finds the target not empty.
        try await connection.run(
            "SELECT pg_advisory_xact_lock(hashtextextended('scimify-pool-copy', 0))", logger: pool.logger)
        var holds: Int64 = 0
        for try await count in try await connection.query(
            "SELECT (SELECT count(*) FROM scimify_instance) + (SELECT count(*) FROM scimify_audit_event)",
            logger: pool.logger
        ).decode(Int64.self) {
            holds = count
        }
        guard holds == 0 else { throw StoreCopier.notEmpty(pool.location.description) }
        for table in CopyTable.all {
            let marks = table.columns.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
            let sql = "INSERT INTO \(table.postgresName) (\(table.columnList)) VALUES (\(marks))"
            for row in snapshot.rows[table.name] ?? [] {
                var bindings = PostgresBindings(capacity: row.count)
                for value in row { try Self.bind(value, &bindings) }
                try await connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: pool.logger)
            }
            if table.hasSerialID {
                // New ids continue after the copied ones.
                try await connection.run(
                    PostgresQuery(
                        unsafeSQL: """
                            SELECT setval(pg_get_serial_sequence('\(table.postgresName)', 'id'),
                                coalesce((SELECT max(id) FROM \(table.postgresName)), 0) + 1, false)
                            """), logger: pool.logger)
            }
            var found: Int64 = 0
            for try await count in try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table.postgresName)"), logger: pool.logger
            ).decode(Int64.self) {
                found = count
            }
            let expected = snapshot.rows[table.name]?.count ?? 0
            guard found == expected else {
                throw StoreCopier.countMismatch(table.name, expected: expected, found: Int(found))
            }
        }
    }

    private static func copyValue(_ row: PostgresRandomAccessRow, _ index: Int, _ kind: CopyKind) throws -> CopyValue {
        switch kind {
        case .int: return try row.value(index, as: Int64?.self).map(CopyValue.int) ?? .null
        case .double: return try row.value(index, as: Double?.self).map(CopyValue.double) ?? .null
        case .text: return try row.value(index, as: String?.self).map(CopyValue.text) ?? .null
        case .blob: return try row.value(index, as: Data?.self).map(CopyValue.blob) ?? .null
        case .bool: return try row.value(index, as: Bool?.self).map(CopyValue.bool) ?? .null
        case .emails, .commaList: return try row.value(index, as: [String]?.self).map(CopyValue.list) ?? .null
        }
    }

    private static func bind(_ value: CopyValue, _ bindings: inout PostgresBindings) throws {
        switch value {
        case .null: bindings.appendNull()
        case .int(let number): bindings.append(number)
        case .double(let number): bindings.append(number)
        case .text(let text): bindings.append(text)
        case .blob(let data): try bindings.append(data)
        case .bool(let flag): bindings.append(flag)
        case .list(let items): bindings.append(items)
        }
    }
}
