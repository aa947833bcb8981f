import Foundation
import GRDB
import ScimifyCore
import ScimifyStorage

extension ScimifyDatabase {
    public func appendLoggedRequests(_ requests: [LoggedRequest]) throws {
        guard !requests.isEmpty else { return }
        try writeTranslatingErrors { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO scim_request
                        (at, instance_id, instance_slug, method, route, path, status, latency_ms, idp_request_id,
                         person, person_key, outcome, problem, anthropic_request_ids, request_headers, request_body,
                         response_body)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for request in requests {
                let request = RequestLogCaps.storable(request)
                try statement.execute(arguments: [
                    request.at.timeIntervalSince1970, request.instanceID, request.instanceSlug, request.method,
                    request.route, request.path, request.status, request.latencyMilliseconds, request.idpRequestID,
                    request.person, RequestLogCaps.personKey(request.person), request.outcome, request.problem,
                    IntentRow.encode(requestIDs: request.anthropicRequestIDs), request.requestHeaders,
                    request.requestBody, request.responseBody,
                ])
            }
        }
    }

    public func loggedRequests(_ query: RequestLogQuery) throws -> [LoggedRequest] {
        try writer.read { db in
            var conditions: [String] = []
            var arguments: StatementArguments = []
            switch query.scope {
            case .all: break
            case .instance(let id):
                conditions.append("instance_id = ?")
                arguments += [id]
            case .unknownInstance: conditions.append("instance_id IS NULL")
            }
            if let since = query.since {
                conditions.append("at >= ?")
                arguments += [since.timeIntervalSince1970]
            }
            if let status = query.status {
                conditions.append("status BETWEEN ? AND ?")
                arguments += [status.range.lowerBound, status.range.upperBound]
            }
            if let person = RequestLogCaps.personKey(query.person) {
                conditions.append("person_key = ?")
                arguments += [person]
            }
            if let before = query.beforeID {
                conditions.append("id < ?")
                arguments += [before]
            }
            let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
            arguments += [max(0, query.limit)]
            return try Row.fetchAll(
                db, sql: "SELECT * FROM scim_request \(filter) ORDER BY id DESC LIMIT ?", arguments: arguments
            ).map(Self.loggedRequest)
        }
    }

    public func loggedRequest(id: Int64) throws -> LoggedRequest? {
        try writer.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM scim_request WHERE id = ?", arguments: [id]).map(
                Self.loggedRequest)
        }
    }

    public func newestLoggedRequestID(instanceID: Int64?, before date: Date) throws -> Int64? {
        try writer.read { db in
            try Int64.fetchOne(
                db, sql: "SELECT max(id) FROM scim_request WHERE instance_id IS ? AND at < ?",
                arguments: [instanceID, date.timeIntervalSince1970])
        }
    }

    public func loggedRequestID(instanceID: Int64?, newestRank rank: Int) throws -> Int64? {
        try writer.read { db in
            try Int64.fetchOne(
                db, sql: "SELECT id FROM scim_request WHERE instance_id IS ? ORDER BY id DESC LIMIT 1 OFFSET ?",
                arguments: [instanceID, max(0, rank)])
        }
    }

    public func deleteLoggedRequests(instanceID: Int64?, atMostID: Int64, limit: Int) throws -> Int {
        try writeTranslatingErrors { db in
            try db.execute(
                sql: """
                    DELETE FROM scim_request WHERE id IN (
                        SELECT id FROM scim_request WHERE instance_id IS ? AND id <= ? ORDER BY id LIMIT ?)
                    """,
                arguments: [instanceID, atMostID, max(0, limit)])
            return db.changesCount
        }
    }

    private static func loggedRequest(_ row: Row) -> LoggedRequest {
        LoggedRequest(
            id: row["id"], at: Date(timeIntervalSince1970: row["at"]), instanceID: row["instance_id"],
            instanceSlug: row["instance_slug"], method: row["method"], route: row["route"], path: row["path"],
            status: row["status"], latencyMilliseconds: row["latency_ms"], idpRequestID: row["idp_request_id"],
            person: row["person"], outcome: row["outcome"], problem: row["problem"],
            anthropicRequestIDs: IntentRow.decode(requestIDs: row["anthropic_request_ids"]),
            requestHeaders: row["request_headers"], requestBody: row["request_body"],
            responseBody: row["response_body"])
    }
}
