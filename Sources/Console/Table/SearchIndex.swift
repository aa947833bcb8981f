#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The lower-cased search text of every row, in display order, in one contiguous byte buffer separated by
/// NUL bytes, plus, for each byte and each pair of adjacent bytes, the rows that contain it. One or two
/// characters are a lookup; a longer filter checks only the rows of its rarest pair (or of the previous
/// filter it extends) with `memchr`, or scans the whole buffer when most rows are candidates.
final class SearchIndex: Sendable {
    private let bytes: [UInt8]
    /// Byte offset of each entry; `starts[k]` belongs to `order[k]`, and `starts.last` is the end.
    private let starts: [Int]
    /// Row indexes in display order.
    let order: [Int32]
    /// Display position of each row (the inverse of `order`).
    private let positions: [Int32]
    /// For each byte value, the rows (in display order) whose text contains it.
    private let rowsByByte: [[Int32]]
    /// For each pair of adjacent bytes, the rows (in display order) whose text contains it.
    private let rowsByPair: [[Int32]]

    init(order: [Int32], text: (Int32) -> String) {
        var bytes: [UInt8] = []
        var starts: [Int] = []
        starts.reserveCapacity(order.count + 1)
        var positions = [Int32](repeating: 0, count: order.count)
        var rowsByByte = [[Int32]](repeating: [], count: 256)
        var rowsByPair = [[Int32]](repeating: [], count: 65_536)
        var seen = [Bool](repeating: false, count: 256)
        var seenPair = [Bool](repeating: false, count: 65_536)
        for (position, row) in order.enumerated() {
            starts.append(bytes.count)
            positions[Int(row)] = Int32(position)
            let entry = SearchFolding.bytes(text(row))
            for byte in entry where byte != 0 && !seen[Int(byte)] {
                seen[Int(byte)] = true
                rowsByByte[Int(byte)].append(row)
            }
            for byte in entry where byte != 0 { seen[Int(byte)] = false }
            if entry.count > 1 {
                for index in 1..<entry.count {
                    let pair = Int(entry[index - 1]) << 8 | Int(entry[index])
                    if !seenPair[pair] {
                        seenPair[pair] = true
                        rowsByPair[pair].append(row)
                    }
                }
                for index in 1..<entry.count { seenPair[Int(entry[index - 1]) << 8 | Int(entry[index])] = false }
            }
            bytes.append(contentsOf: entry.lazy.map { $0 == 0 ? 0x20 : $0 })
            bytes.append(0)
        }
        starts.append(bytes.count)
        self.bytes = bytes
        self.starts = starts
        self.order = order
        self.positions = positions
        self.rowsByByte = rowsByByte
        self.rowsByPair = rowsByPair
    }

    /// Rows (in display order) whose text contains `needle`, ignoring case. `previous` is the result of an
    /// earlier filter whose needle `needle` contains (so every match is among its rows).
    func matching(_ needle: String, within previous: [Int32]? = nil) -> [Int32] {
        let pattern = SearchFolding.bytes(needle).filter { $0 != 0 }
        if pattern.isEmpty { return order }
        if pattern.count == 1 { return rowsByByte[Int(pattern[0])] }
        // Every match contains each adjacent pair of the pattern: check only the rows of the rarest pair
        // (or the previous filter's matches, if fewer).
        var candidates = rowsByPair[Self.pair(pattern, 1)]
        if pattern.count == 2 { return candidates }
        for index in 2..<pattern.count where rowsByPair[Self.pair(pattern, index)].count < candidates.count {
            candidates = rowsByPair[Self.pair(pattern, index)]
        }
        if let previous, previous.count < candidates.count { candidates = previous }
        return check(candidates, for: pattern)
    }

    private static func pair(_ pattern: [UInt8], _ index: Int) -> Int {
        Int(pattern[index - 1]) << 8 | Int(pattern[index])
    }

    /// Rows of `rows` whose entry contains the pattern, one entry at a time.
    private func check(_ rows: [Int32], for pattern: [UInt8]) -> [Int32] {
        if rows.count * 2 > order.count { return scan(for: pattern) }  // most rows: one sequential scan is faster
        var result: [Int32] = []
        result.reserveCapacity(rows.count)
        withRawBuffers(pattern) { base, wanted, starts in
            let anchor = anchor(of: pattern)
            for row in rows {
                let position = Int(positions[Int(row)])
                let found = Self.find(
                    wanted.baseAddress!, wanted.count, anchor: anchor, in: base, from: starts[position],
                    count: starts[position + 1] - 1)
                if found != nil { result.append(row) }
            }
        }
        return result
    }

    /// Every row whose entry contains the pattern, found by scanning the whole buffer once.
    private func scan(for pattern: [UInt8]) -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(order.count)
        withRawBuffers(pattern) { base, wanted, starts in
            let anchor = anchor(of: pattern)
            var position = 0
            var entry = 0
            while let offset = Self.find(
                wanted.baseAddress!, wanted.count, anchor: anchor, in: base, from: position,
                count: bytes.count)
            {
                while starts[entry + 1] <= offset { entry += 1 }
                result.append(order[entry])
                entry += 1
                position = starts[entry]
            }
        }
        return result
    }

    /// The buffer, the (non-empty) pattern and the entry offsets as raw pointers, for the search loops.
    private func withRawBuffers(
        _ pattern: [UInt8], _ body: (UnsafePointer<UInt8>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Int>) -> Void
    ) {
        bytes.withUnsafeBufferPointer { hay in
            pattern.withUnsafeBufferPointer { wanted in
                starts.withUnsafeBufferPointer { starts in
                    guard let base = hay.baseAddress, wanted.baseAddress != nil else { return }
                    body(base, wanted, starts)
                }
            }
        }
    }

    /// The pattern's rarest byte (fewest rows contain it): `memchr` looks for that one.
    private func anchor(of pattern: [UInt8]) -> Int {
        var best = 0
        for index in pattern.indices where rowsByByte[Int(pattern[index])].count < rowsByByte[Int(pattern[best])].count
        { best = index }
        return best
    }

    /// The offset of the first occurrence of the pattern in `base[start..<count]`: `memchr` for its byte at
    /// `anchor` (vectorised in the C library), then a compare of the whole pattern around it.
    @inline(__always)
    private static func find(
        _ pattern: UnsafePointer<UInt8>, _ length: Int, anchor: Int, in base: UnsafePointer<UInt8>,
        from start: Int, count: Int
    ) -> Int? {
        var position = start
        let key = Int32(pattern[anchor])
        while position + length <= count {
            guard let hit = memchr(base + position + anchor, key, count - position - anchor) else { return nil }
            let offset = UnsafePointer(hit.assumingMemoryBound(to: UInt8.self)) - base - anchor
            if offset + length > count { return nil }
            if memcmp(base + offset, pattern, length) == 0 { return offset }
            position = offset + 1
        }
        return nil
    }
}
