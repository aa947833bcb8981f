import Foundation
import NIOCore
import NIOFoundationCompat
import ScimifyCore

/// One page of `GET /v1/organizations/users` or `GET /v1/organizations/invites`, read from its body the way every
/// listing reads it: ``PageParser`` first, `JSONDecoder` for a page the fast reader cannot read.
public struct ListPage<Value: Sendable>: Sendable {
    /// One record of the page with the id the cursor and the de-duplication use.
    public struct Entry: Sendable {
        public let id: String
        public let value: Value
    }

    /// Why a page could not be read.
    public enum ReadError: Error, Sendable {
        /// The body is not the list envelope (`data`, `has_more`, `last_id`).
        case envelope(String)
        /// The envelope is fine but a record holds a value Scimify cannot read (an unknown role, a bad date).
        case value(String)
    }

    public let entries: [Entry]
    public let hasMore: Bool?
    public let lastID: String?
}

extension ListPage where Value == Member {
    /// Reads a `GET /users` page.
    public static func members(in body: ByteBuffer) throws(ReadError) -> ListPage {
        try read(body, fast: UserWire.member(from:)) { (wire: UserWire) in try wire.member() }
    }
}

extension ListPage where Value == Invite {
    /// Reads a `GET /invites` page.
    public static func invites(in body: ByteBuffer) throws(ReadError) -> ListPage {
        try read(body, fast: InviteWire.invite(from:)) { (wire: InviteWire) in try wire.invite() }
    }
}

extension ListPage {
    private static func read<Wire: IdentifiedWire & Decodable>(
        _ body: ByteBuffer, fast: (PageParser.Fields) throws -> Value, convert: (Wire) throws -> Value
    ) throws(ReadError) -> ListPage {
        if let parsed = try? body.withUnsafeReadableBytes({ try PageParser.parse($0) }),
            let entries = try? parsed.items.map({ Entry(id: $0.id, value: try fast($0)) })
        {
            return ListPage(entries: entries, hasMore: parsed.hasMore, lastID: parsed.lastID)
        }
        let page: ListPageWire<Wire>
        do {
            page = try JSONDecoder().decode(ListPageWire<Wire>.self, from: body)
        } catch {
            throw .envelope("\(error)")
        }
        var entries: [Entry] = []
        entries.reserveCapacity(page.data.count)
        for wire in page.data {
            do {
                entries.append(Entry(id: wire.id, value: try convert(wire)))
            } catch {
                throw .value("\(error)")
            }
        }
        return ListPage(entries: entries, hasMore: page.has_more, lastID: page.last_id)
    }
}
