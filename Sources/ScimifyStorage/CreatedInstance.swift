import Foundation
import ScimifyCore

/// A new instance and its SCIM token, which is shown once and stored only as a hash.
public struct CreatedInstance: Sendable {
    public let instance: Instance
    public let scimToken: String

    package init(instance: Instance, scimToken: String) {
        self.instance = instance
        self.scimToken = scimToken
    }
}
