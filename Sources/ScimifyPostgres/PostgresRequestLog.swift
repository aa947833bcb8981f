import Foundation
import Logging
import PostgresNIO
import ScimifyCore
import ScimifyStorage

/// The SCIM request log in PostgreSQL, shared by every replica: rows written as
/// ``ScimifyStorage/RequestLogCaps`` says, pruned in batches as ``ScimifyStorage/RequestLogRetention`` decides.
/// Requests for no known instance have a NULL instance and their own queries (an index serves `IS NULL`, not
/// `IS NOT DISTINCT FROM`).
struct PostgresRequestLog: Sendable {
    let pool: PostgresPool

    private static let columns = """
        id, at, instance_id, instance_slug, method, route, path, status, latency_ms, idp_request_id, person,
        outcome, problem, anthropic_request_ids, request_headers, request_body, response_body
        """

    func append(_ requests: [LoggedRequest]) async throws {
        guard !requests.isEmpty else { return }
        let logger = pool.logger
        try await pool.client.transaction(logger: logger) { connection in
            for request in requests {
                let request = RequestLogCaps.storable(request)
                try await connection.run(
                    """
                    INSERT INTO scimify_scim_request
                        (at, instance_id, instance_slug, method, route, path, status, latency_ms, idp_request_id,
                         person, person_key, outcome, problem, anthropic_request_ids, request_headers, request_body,
                         response_body)
                    VALUES (\(request.at.timeIntervalSince1970), \(request.instanceID), \(request.instanceSlug),
                        \(request.method), \(request.route), \(request.path), \(request.status),
                        \(request.latencyMilliseconds), \(request.idpRequestID), \(request.person),
                        \(RequestLogCaps.personKey(request.person)), \(request.outcome), \(request.problem),
                        \(request.anthropicRequestIDs), \(request.requestHeaders), \(request.requestBody),
                        \(request.responseBody))
                    """, logger: logger)
            }
        }
    }

    func requests(_ query: RequestLogQuery) async throws -> [LoggedRequest] {
        let (scoped, instanceID): (Int, Int64?) =
            switch query.scope {
            case .all: (0, nil)
            case .instance(let id): (1, id)
            case .unknownInstance: (2, nil)
            }
        let low = query.status?.range.lowerBound
        let high = query.status?.range.upperBound
        let person = RequestLogCaps.personKey(query.person)
        let since = query.since?.timeIntervalSince1970
        let rows = try await pool.client.query(
            """
            SELECT \(unescaped: Self.columns) FROM scimify_scim_request
            WHERE (\(scoped) <> 1 OR instance_id = \(instanceID))
                AND (\(scoped) <> 2 OR instance_id IS NULL)
                AND (\(since)::DOUBLE PRECISION IS NULL OR at >= \(since))
                AND (\(low)::INTEGER IS NULL OR status BETWEEN \(low) AND \(high))
                AND (\(person)::TEXT IS NULL OR person_key = \(person))
                AND (\(query.beforeID)::BIGINT IS NULL OR id < \(query.beforeID))
            ORDER BY id DESC
            LIMIT \(max(0, query.limit))
            """, logger: pool.logger)
        var requests: [LoggedRequest] = []
        for try await row in rows { requests.append(try Self.decode(row.makeRandomAccess())) }
        return requests
    }

    func request(id: Int64) async throws -> LoggedRequest? {
        let rows = try await pool.client.query(
            "SELECT \(unescaped: Self.columns) FROM scimify_scim_request WHERE id = \(id)", logger: pool.logger)
        for try await row in rows { return try Self.decode(row.makeRandomAccess()) }
        return nil
    }

    func newestID(instanceID: Int64?, before date: Date) async throws -> Int64? {
        let at = date.timeIntervalSince1970
        let query: PostgresQuery =
            if let instanceID {
                "SELECT max(id) FROM scimify_scim_request WHERE instance_id = \(instanceID) AND at < \(at)"
            } else {
                "SELECT max(id) FROM scimify_scim_request WHERE instance_id IS NULL AND at < \(at)"
            }
        return try await optionalID(query)
    }

    func id(instanceID: Int64?, newestRank rank: Int) async throws -> Int64? {
        let offset = max(0, rank)
        let query: PostgresQuery =
            if let instanceID {
                """
                SELECT id FROM scimify_scim_request WHERE instance_id = \(instanceID)
                ORDER BY id DESC LIMIT 1 OFFSET \(offset)
                """
            } else {
                "SELECT id FROM scimify_scim_request WHERE instance_id IS NULL ORDER BY id DESC LIMIT 1 OFFSET \(offset)"
            }
        return try await optionalID(query)
    }

    func delete(instanceID: Int64?, atMostID: Int64, limit: Int) async throws -> Int {
        let batch = max(0, limit)
        let query: PostgresQuery =
            if let instanceID {
                """
                WITH gone AS (DELETE FROM scimify_scim_request WHERE id IN (
                    SELECT id FROM scimify_scim_request WHERE instance_id = \(instanceID) AND id <= \(atMostID)
                    ORDER BY id LIMIT \(batch)) RETURNING 1)
                SELECT count(*)::BIGINT FROM gone
                """
            } else {
                """
                WITH gone AS (DELETE FROM scimify_scim_request WHERE id IN (
                    SELECT id FROM scimify_scim_request WHERE instance_id IS NULL AND id <= \(atMostID)
                    ORDER BY id LIMIT \(batch)) RETURNING 1)
                SELECT count(*)::BIGINT FROM gone
                """
            }
        return Int(try await optionalID(query) ?? 0)
    }

    private func optionalID(_ query: PostgresQuery) async throws -> Int64? {
        let rows = try await pool.client.query(query, logger: pool.logger)
        for try await id in rows.decode(Int64?.self) { return id }
        return nil
    }

    private static func decode(_ cells: PostgresRandomAccessRow) throws -> LoggedRequest {
        LoggedRequest(
            id: try cells.value(0), at: Date(timeIntervalSince1970: try cells.value(1)),
            instanceID: try cells.value(2), instanceSlug: try cells.value(3), method: try cells.value(4),
            route: try cells.value(5), path: try cells.value(6), status: Int(try cells.value(7, as: Int32.self)),
            latencyMilliseconds: try cells.value(8), idpRequestID: try cells.value(9), person: try cells.value(10),
            outcome: try cells.value(11), problem: try cells.value(12), anthropicRequestIDs: try cells.value(13),
            requestHeaders: try cells.value(14), requestBody: try cells.value(15), responseBody: try cells.value(16))
    }
}
