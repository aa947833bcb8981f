import ArgumentParser
import ClaudeAdminAPI
import Foundation
import ScimifyCore
import ScimifyRuntime
import ScimifyStorage

extension Scimify {
    /// `scimify remove EMAIL [--yes]`.
    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove a member from the organization, or cancel a pending invite.",
            discussion: "Asks for confirmation unless --yes is given. Admins and owners are never removed."
        )

        @OptionGroup var connection: ConnectionOptions
        @Argument(help: "Email address.") var email: String
        @Flag(name: .shortAndLong, help: "Do not ask for confirmation.") var yes = false
        @OptionGroup var expect: ExpectOptions
        @Flag(help: "Print the outcome as one JSON object.") var json = false
        @Flag(
            help: ArgumentHelp(
                "First set inactive every active API key the member created (Console organizations).",
                discussion:
                    "Personal keys stop with the removal anyway; legacy workspace keys would keep working. Keys are set "
                    + "inactive (reversible), never archived; if one cannot be changed, the member is not removed."))
        var deactivateKeys = false

        func run() async throws {
            let target = try await reportingFailures { try await ChangeTarget.make(connection) }
            let client = try target.client(connection)
            var expected = expect.expected
            if !yes {
                let question = try await reportingFailures { try await Self.question(for: email, client: client) }
                guard let (question, shown) = question else {
                    print("\(SafeText.neutralized(email)) is neither a member nor invited; nothing to remove")
                    return
                }
                // The removal acts only on what the question named: a change meanwhile is refused, not acted on.
                expected = expected ?? shown
                FileHandle.standardError.write(Data("\(question) [y/N] ".utf8))
                let answer = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces).lowercased()
                guard answer == "y" || answer == "yes" else {
                    throw CLIFailure(message: "not confirmed; nothing was changed", status: .refused)
                }
            }
            if deactivateKeys {
                let report = try await reportingFailures {
                    try await Self.deactivateKeysFirst(of: email, expecting: expected, target, client)
                }
                if let report {
                    FileHandle.standardError.write(Data("scimify: \(report.summary(email: email))\n".utf8))
                }
            }
            // Without --deactivate-keys, the keys that outlive the removal are named, as the console and the
            // SCIM path name them; read before the removal, while the member and their keys are still there.
            let surviving = deactivateKeys ? [] : await Self.survivingKeys(of: email, seen: expected, client)
            let outcome = try await reportingFailures {
                try await target.deprovision(email: email, expecting: expected)
            }
            print(json ? OutputFormat.json(outcome, email: email) : OutputFormat.human(outcome, email: email))
            if outcome.change == .memberRemoved, !surviving.isEmpty {
                let names = surviving.map { "\(SafeText.neutralized($0.name, limit: 60)) (\($0.id))" }
                FileHandle.standardError.write(
                    Data(
                        ("warning: \(surviving.count) active API key(s) created by \(SafeText.neutralized(email)) keep "
                            + "working after the removal: \(names.joined(separator: ", ")); stop one with "
                            + "`scimify keys deactivate ID`, or remove with --deactivate-keys next time\n").utf8))
            }
        }

        /// The member's active keys that keep working after a removal; none when they are not a member, the
        /// organization has no key endpoints (Enterprise), or the keys cannot be read (said on stderr).
        /// - Parameter seen: what the confirmation (or `--expect-*`) found, so the member is not looked up again.
        static func survivingKeys(of email: String, seen: ExpectedState?, _ client: AdminAPIClient) async -> [APIKey] {
            do {
                let member: Member?
                switch seen {
                case .member(let id, let role):
                    member = Member(id: id, email: email, name: "", role: role, addedAt: Date())
                case .pendingInvite: member = nil  // an invite holds no keys
                case nil: member = try await client.findMember(email: email).value
                }
                guard let member, !member.isProtected else { return [] }
                return try await KeyOffboarding(client: client, instance: nil, actor: "cli:\(cliUser)", audit: nil)
                    .survivingKeys(of: member)
            } catch let error as ProvisioningError where error.meansNoKeyEndpoints {
                return []
            } catch {
                FileHandle.standardError.write(
                    Data("warning: the member's API keys could not be checked: \(OperatorMessage.of(error))\n".utf8))
                return []
            }
        }

        /// Names what will be removed and the consequence, with what was found, or `nil` when there is nothing.
        static func question(for email: String, client: some AdminAPIPort) async throws -> (String, ExpectedState)? {
            let who = SafeText.quoted(email)
            if let member = try await client.findMember(email: email).value {
                if member.isProtected {
                    throw ProvisioningError.protectedMember(email: member.email, role: member.role, action: "remove")
                }
                let name = SafeText.neutralized(member.name)
                return (
                    "Remove member \(who) (\(name), \(member.role)) from the organization? "
                        + "They lose access to Claude at once.", .member(id: member.id, role: member.role)
                )
            }
            if let invite = try await client.findInvites(email: email).value.first(where: { $0.status == .pending }) {
                return (
                    "Cancel the pending \(invite.role) invite of \(who)? The emailed link stops working.",
                    .pendingInvite(id: invite.id, role: invite.role)
                )
            }
            return nil
        }

        /// The member's active keys set inactive before the removal (`nil`: not a member, nothing to do); a
        /// protected member, or one who is no longer what was asked about, is refused before any key is touched.
        static func deactivateKeysFirst(
            of email: String, expecting: ExpectedState?, _ target: ChangeTarget, _ client: AdminAPIClient
        ) async throws -> KeyOffboarding.Report? {
            let offboarding: KeyOffboarding
            switch target {
            case .managed(let context):
                offboarding = context.runtime.keyOffboarding(actor: context.actor)
            case .direct:
                offboarding = KeyOffboarding(client: client, instance: nil, actor: "cli:\(cliUser)", audit: nil)
            }
            return try await offboarding.deactivateKeysBeforeRemoving(email: email, expecting: expecting)
        }
    }
}
