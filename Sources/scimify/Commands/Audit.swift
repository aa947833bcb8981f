import ArgumentParser
import Foundation
import ScimifyCore
import ScimifyStorage

extension Scimify {
    /// `scimify audit`: the audit log, newest first, or as JSON lines for a SIEM.
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the audit log (newest first).")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only this instance.", completion: ShellCompletions.instances) var instance: String?
        @Option(help: "Only events newer than this: 30m, 24h, 7d.") var since: String?
        @Option(help: "Only the items of one bulk action from the console (its batch id).") var batch: String?
        @Option(help: "Only events about this person (the email, case-insensitive).") var email: String?
        @Option(help: "Only this actor, or actors starting with it (scim:acme, console:, cli:ops).") var actor: String?
        @Option(help: "Only this action, or actions starting with it (scim.update, member., api_key.).")
        var action: String?
        @Flag(help: "Keep printing new events as they are written (oldest first), until Ctrl-C.") var follow = false
        @Flag(help: "JSON lines a SIEM can ingest.") var json = false

        func validate() throws {
            if let since, Self.seconds(since) == nil {
                throw ValidationError("--since takes a duration such as 30m, 24h or 7d")
            }
        }

        static func seconds(_ text: String) -> Double? {
            guard let unit = text.last, let value = Double(text.dropLast()), value >= 0 else { return nil }
            switch unit {
            case "s": return value
            case "m": return value * 60
            case "h": return value * 3600
            case "d": return value * 86_400
            default: return nil
            }
        }

        func run() async throws {
            let database = try await store.open()
            var instanceID: Int64?
            if let instance { instanceID = try await storeFailures { try await database.resolveInstance(instance).id } }
            let cutoff = since.flatMap(Self.seconds).map { Date().addingTimeInterval(-$0) }
            let events = try await storeFailures {
                try await database.auditEvents(instanceID: instanceID, since: cutoff, batchID: batch, limit: 10_000)
            }.filter(matches)
            guard follow else {
                if json {
                    for event in events { print(Self.jsonLine(event)) }
                    return
                }
                var table = TextTable(
                    "TIME", "INSTANCE", "ACTOR", "ACTION", "TARGET", "OUTCOME", "REQUEST-IDS", "DETAIL")
                for event in events { table.append(Self.cells(event)) }
                print(events.isEmpty ? "no audit events" : table.render())
                return
            }
            // Like `tail -f`: what there is, oldest first, then each new event as the store gets it.
            var last = events.first?.id ?? 0
            for event in events.reversed() { emit(event) }
            while !Task.isCancelled {
                try await Task.sleep(for: .milliseconds(500))
                let newer = try await storeFailures {
                    try await database.auditEvents(instanceID: instanceID, since: cutoff, batchID: batch, limit: 1_000)
                }.filter { ($0.id ?? 0) > last }
                last = max(last, newer.first?.id ?? last)
                for event in newer.reversed() where matches(event) { emit(event) }
            }
        }

        private func matches(_ event: AuditEvent) -> Bool {
            if let email, event.targetEmail.map(EmailAddress.key) != EmailAddress.key(email) { return false }
            if let actor, !event.actor.hasPrefix(actor) { return false }
            if let action, !event.action.hasPrefix(action) { return false }
            return true
        }

        private func emit(_ event: AuditEvent) {
            print(json ? Self.jsonLine(event) : Self.cells(event).joined(separator: "  "))
            fflush(nil)  // a follower reads each line as it comes, not when a buffer fills
        }

        static func cells(_ event: AuditEvent) -> [String] {
            [
                OutputFormat.timestamp(event.at), event.instanceSlug ?? "-", event.actor, event.action,
                event.targetEmail ?? "-", event.outcome.rawValue, event.requestIDs.joined(separator: ","),
                event.detail,
            ]
        }

        static func jsonLine(_ event: AuditEvent) -> String {
            OutputFormat.jsonLine([
                "id": event.id, "at": OutputFormat.timestamp(event.at), "instance": event.instanceSlug,
                "actor": event.actor, "action": event.action, "target": event.targetEmail,
                "outcome": event.outcome.rawValue, "request_ids": event.requestIDs, "detail": event.detail,
                "idp_request_id": event.idpRequestID, "batch_id": event.batchID,
            ])
        }
    }
}
