import ArgumentParser
import Foundation
import ScimifyCore
import ScimifyStorage

extension Scimify {
    /// `scimify audit`: the audit log, newest first, or as JSON lines for a SIEM.
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the audit log (newest first).")
        @OptionGroup var store: StoreOptions
        @Option(help: "Only this instance.") var instance: String?
        @Option(help: "Only events newer than this: 30m, 24h, 7d.") var since: String?
        @Option(help: "Only the items of one bulk action from the console (its batch id).") var batch: String?
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
            }
            if json {
                for event in events {
                    print(
                        OutputFormat.jsonLine([
                            "id": event.id, "at": OutputFormat.timestamp(event.at), "instance": event.instanceSlug,
                            "actor": event.actor, "action": event.action, "target": event.targetEmail,
                            "outcome": event.outcome.rawValue, "request_ids": event.requestIDs, "detail": event.detail,
                            "idp_request_id": event.idpRequestID, "batch_id": event.batchID,
                        ]))
                }
                return
            }
            var table = TextTable("TIME", "INSTANCE", "ACTOR", "ACTION", "TARGET", "OUTCOME", "REQUEST-IDS", "DETAIL")
            for event in events {
                table.append([
                    OutputFormat.timestamp(event.at), event.instanceSlug ?? "-", event.actor, event.action,
                    event.targetEmail ?? "-", event.outcome.rawValue, event.requestIDs.joined(separator: ","),
                    event.detail,
                ])
            }
            print(events.isEmpty ? "no audit events" : table.render())
        }
    }
}
