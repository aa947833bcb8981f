import PostgresNIO

extension PostgresRandomAccessRow {
    /// The cell at `index` decoded as `T` (the PostgreSQL stores read wide rows by position).
    func value<T: PostgresDecodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        try self[index].decode(T.self, context: .default)
    }
}
