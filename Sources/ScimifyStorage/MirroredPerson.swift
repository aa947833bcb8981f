import Foundation
import ScimifyCore

/// Claude's state of one person as the mirror holds it: the member's role, else the pending invite's.
public struct MirroredPerson: Sendable, Equatable {
    public enum Kind: String, Sendable { case member, pendingInvite = "pending invite" }
    public var role: ClaudeRole
    public var kind: Kind
    public var id: String

    package init(role: ClaudeRole, kind: Kind, id: String) {
        self.role = role
        self.kind = kind
        self.id = id
    }
}
