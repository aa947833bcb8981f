import ArgumentParser
import ScimifyCore

/// `--expect-member ID` / `--expect-invite ID` with `--expect-role ROLE`: act only if Claude still has what the
/// operator saw (from `members list` / `invites list`); otherwise refuse with "changed since you looked".
struct ExpectOptions: ParsableArguments {
    @Option(help: "Act only if the email is still this member (id from `members list`); needs --expect-role.")
    var expectMember: String?
    @Option(
        help: "Act only if the email's pending invite is still this one (id from `invites list`); needs --expect-role.")
    var expectInvite: String?
    @Option(help: "The role the expected member or invite has now.")
    var expectRole: String?

    func validate() throws {
        if expectMember != nil, expectInvite != nil {
            throw ValidationError("use --expect-member or --expect-invite, not both")
        }
        if (expectMember ?? expectInvite) != nil, expectRole == nil {
            throw ValidationError("--expect-role is needed with --expect-member or --expect-invite")
        }
        if expectRole != nil, (expectMember ?? expectInvite) == nil {
            throw ValidationError("--expect-role goes with --expect-member or --expect-invite")
        }
    }

    /// The state the change must find, if the operator gave one.
    var expected: ExpectedState? {
        guard let expectRole else { return nil }
        let role = ClaudeRole(rawValue: expectRole.trimmingSpaces().lowercased())
        if let expectMember { return .member(id: expectMember, role: role) }
        if let expectInvite { return .pendingInvite(id: expectInvite, role: role) }
        return nil
    }
}
