import Foundation

/// One cell of a copied row, in a form both stores can write: SQLite keeps booleans as integers and lists as
/// text, PostgreSQL as `BOOLEAN` and `TEXT[]`.
package enum CopyValue: Sendable, Equatable {
    case null
    case int(Int64)
    case double(Double)
    case text(String)
    case blob(Data)
    case bool(Bool)
    case list([String])
}

/// How a copied column is kept: the kind decides how each store reads and writes it.
package enum CopyKind: Sendable {
    case int, double, text, blob, bool
    /// SQLite: a JSON array (``StoredEmailList``); PostgreSQL: `TEXT[]`.
    case emails
    /// SQLite: comma-separated text; PostgreSQL: `TEXT[]` (audit request-ids).
    case commaList
}

/// A table `scimify store copy` moves, with the same columns in both stores (PostgreSQL's names carry a
/// `scimify_` prefix). The rate-limit bucket is not copied: it is the moment's state, not data.
package struct CopyTable: Sendable {
    package let name: String
    package let columns: [(name: String, kind: CopyKind)]
    /// Tables whose ids come from a sequence that must continue after the copied ones (PostgreSQL).
    package let hasSerialID: Bool
    package let sqliteName: String

    init(name: String, sqliteName: String? = nil, columns: [(name: String, kind: CopyKind)], hasSerialID: Bool) {
        self.name = name
        self.sqliteName = sqliteName ?? name
        self.columns = columns
        self.hasSerialID = hasSerialID
    }

    package var postgresName: String { "scimify_" + name }
    package var columnList: String { columns.map(\.name).joined(separator: ", ") }

    /// Every table, parents first (records, mirror and intents refer to their instance).
    package static let all: [CopyTable] = [
        CopyTable(
            name: "instance",
            columns: [
                ("id", .int), ("slug", .text), ("name", .text), ("api_base_url", .text), ("key_sealed", .blob),
                ("scim_token_hash", .blob), ("mode", .text), ("created_at", .double), ("guard_max_removals", .int),
                ("guard_window_minutes", .int), ("header_color", .text), ("offboarding_keys", .text),
            ], hasSerialID: true),
        CopyTable(
            name: "record", sqliteName: "scim_record",
            columns: [
                ("id", .text), ("instance_id", .int), ("user_name", .text), ("user_name_key", .text),
                ("external_id", .text), ("given_name", .text), ("family_name", .text), ("display_name", .text),
                ("emails", .emails), ("active", .bool), ("requested_role", .text), ("member_id", .text),
                ("invite_id", .text), ("removed_outside", .bool), ("source", .text), ("created_at", .double),
                ("updated_at", .double), ("version", .int), ("resource", .text), ("email_key", .text),
                ("provisioned_email", .text), ("pushed_at", .double),
            ], hasSerialID: false),
        CopyTable(
            name: "mirror_member",
            columns: [
                ("instance_id", .int), ("id", .text), ("email", .text), ("name", .text), ("role", .text),
                ("added_at", .double),
            ], hasSerialID: false),
        CopyTable(
            name: "mirror_invite",
            columns: [
                ("instance_id", .int), ("id", .text), ("email", .text), ("role", .text), ("status", .text),
                ("invited_at", .double), ("expires_at", .double), ("accepted_at", .double),
            ], hasSerialID: false),
        CopyTable(
            name: "mirror_state",
            columns: [
                ("instance_id", .int), ("refreshed_at", .double), ("member_count", .int), ("invite_count", .int),
            ],
            hasSerialID: false),
        CopyTable(
            name: "audit_event",
            columns: [
                ("id", .int), ("at", .double), ("instance_id", .int), ("instance_slug", .text), ("actor", .text),
                ("action", .text), ("target_email", .text), ("outcome", .text), ("request_ids", .commaList),
                ("detail", .text), ("idp_request_id", .text), ("batch_id", .text),
                ("requested_change", .text),
            ], hasSerialID: true),
        CopyTable(
            name: "intent",
            columns: [
                ("id", .text), ("instance_id", .int), ("email", .text), ("old_invite_id", .text), ("old_role", .text),
                ("new_role", .text), ("created_at", .double), ("generation", .int), ("state", .text),
                ("reason", .text), ("request_ids", .text), ("state_at", .double),
            ], hasSerialID: false),
        CopyTable(
            name: "email_generation", columns: [("instance_id", .int), ("email_key", .text), ("generation", .int)],
            hasSerialID: false),
        CopyTable(
            name: "email_unconfirmed", columns: [("instance_id", .int), ("email_key", .text), ("since", .double)],
            hasSerialID: false),
        CopyTable(name: "removal_slot", columns: [("instance_id", .int), ("at", .double)], hasSerialID: false),
        CopyTable(
            name: "held_removal",
            columns: [
                ("id", .text), ("instance_id", .int), ("email", .text), ("email_key", .text), ("held_at", .double),
                ("idp_request_id", .text), ("reason", .text),
            ], hasSerialID: false),
        CopyTable(
            name: "problem_dismissal",
            columns: [("instance_id", .int), ("problem_id", .text), ("reason", .text), ("at", .double)],
            hasSerialID: false),
        // The SCIM request log (already redacted when written): a copied store keeps its triage history.
        CopyTable(
            name: "scim_request",
            columns: [
                ("id", .int), ("at", .double), ("instance_id", .int), ("instance_slug", .text), ("method", .text),
                ("route", .text), ("path", .text), ("status", .int), ("latency_ms", .double),
                ("idp_request_id", .text), ("person", .text), ("person_key", .text), ("outcome", .text),
                ("problem", .text), ("anthropic_request_ids", .commaList), ("request_headers", .text),
                ("request_body", .text), ("response_body", .text),
            ], hasSerialID: true),
    ]
}

/// Every row of every ``CopyTable`` of one store, in table order.
package struct StoreCopySnapshot: Sendable {
    package var rows: [String: [[CopyValue]]] = [:]

    package init() {}

    /// Rows per table, for the report and the check after writing.
    package var counts: [String: Int] { rows.mapValues(\.count) }
}

/// A store `scimify store copy` reads from and writes to.
package protocol StoreCopyEndpoint: StorePort {
    /// Every row of every table.
    func exportForCopy() async throws -> StoreCopySnapshot
    /// Writes `snapshot` in one transaction: refused (nothing written) when the store already holds instances or
    /// audit rows; rolled back unless every table then holds exactly the snapshot's rows.
    func importForCopy(_ snapshot: StoreCopySnapshot) async throws
    /// Whether this store's master key opens `sealed` (a key sealed by the source store).
    func canOpenSealedKey(_ sealed: Data) -> Bool
}

/// `scimify store copy`: everything from one store into an empty one, the Admin API keys moved sealed as they
/// are (never decrypted), checked by counting every table afterwards, in one transaction so that a failed
/// copy leaves the target empty and can simply run again.
package enum StoreCopier {
    /// Copies `source` into `target` and returns the rows per table.
    /// - Throws: ``StoreError`` when the target is not empty, its master key cannot open the source's keys, or a
    ///   count differs after writing.
    package static func copy(from source: any StoreCopyEndpoint, to target: any StoreCopyEndpoint) async throws
        -> [String: Int]
    {
        let snapshot = try await source.exportForCopy()
        let keyColumn = CopyTable.all[0].columns.firstIndex { $0.name == "key_sealed" } ?? 4
        for row in snapshot.rows["instance"] ?? [] {
            guard case .blob(let sealed) = row[keyColumn], target.canOpenSealedKey(sealed) else {
                throw StoreError(
                    "the target's master key cannot open the source's Admin API keys: give the target the source's "
                        + "master key (SCIMIFY_MASTER_KEY or SCIMIFY_MASTER_KEY_FILE; for a SQLite source, the content "
                        + "of scimify.key beside it); nothing was copied")
            }
        }
        try await target.importForCopy(snapshot)
        return snapshot.counts
    }

    /// The refusal when the target already holds data.
    package static func notEmpty(_ target: String) -> StoreError {
        StoreError("the target \(target) already holds instances or audit rows; copy only into an empty store")
    }

    /// The refusal when a table's count differs after writing (the transaction is rolled back).
    package static func countMismatch(_ table: String, expected: Int, found: Int) -> StoreError {
        StoreError("copying \(table) wrote \(found) rows, not \(expected); nothing was kept")
    }
}
