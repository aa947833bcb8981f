import ScimifyCore
import ScimifyStorage

/// An error in words an operator can act on: the core's message with its request-id, the store's message,
/// or the error neutralised for a terminal. Never a secret (neither error type carries one).
public enum OperatorMessage {
    public static func of(_ error: any Error) -> String {
        switch error {
        case let error as ProvisioningError: error.description
        case let error as StoreError: error.message
        default: SafeText.neutralized("\(error)")
        }
    }
}
