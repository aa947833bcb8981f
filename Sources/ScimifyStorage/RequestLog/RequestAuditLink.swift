import Foundation
import ScimifyCore

extension StorePort {
    /// The audit rows one logged request produced: rows of its instance written while it was served that carry
    /// one of its Anthropic request-ids or its IdP request-id, oldest first.
    public func auditEvents(linkedTo request: LoggedRequest) async throws -> [AuditEvent] {
        guard let instanceID = request.instanceID else { return [] }
        let started = request.at.addingTimeInterval(-(request.latencyMilliseconds / 1000) - 2)
        let ids = Set(request.anthropicRequestIDs)
        guard !ids.isEmpty || request.idpRequestID != nil else { return [] }
        return try await auditEvents(instanceID: instanceID, since: started, batchID: nil, limit: 1000)
            .filter { event in
                guard event.at <= request.at.addingTimeInterval(1) else { return false }
                if !ids.isDisjoint(with: event.requestIDs) { return true }
                return request.idpRequestID != nil && event.idpRequestID == request.idpRequestID
            }
            .reversed()
    }
}
