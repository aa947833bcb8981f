/// Email normalisation and validation shared by every path.
public enum EmailAddress {
    /// The longest address accepted (RFC 5321 path limit).
    public static let maximumLength = 320

    /// The comparison key for an address: trimmed and lower-cased (emails compare case-insensitively).
    public static func key(_ email: String) -> String {
        // Fast path: most addresses are already lower-case ASCII with nothing to trim; return them as they are
        // (no copy). A refresh of 100,000 members computes this key several times per row.
        let bytes = email.utf8
        if let first = bytes.first, let last = bytes.last, !isTrimmed(first), !isTrimmed(last),
            !bytes.contains(where: { $0 >= 0x80 || ($0 >= 0x41 && $0 <= 0x5A) })
        {
            return email
        }
        return email.trimmingSpaces().lowercased()
    }

    /// The bytes ``String/trimmingSpaces()`` removes from the ends.
    private static func isTrimmed(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Checks that an address can be sent to the Admin API.
    /// - Parameter email: the address as given.
    /// - Returns: the address trimmed of surrounding spaces, case preserved.
    /// - Throws: ``ProvisioningError`` `.invalidEmail` with the reason.
    public static func validated(_ email: String) throws(ProvisioningError) -> String {
        let trimmed = email.trimmingSpaces()
        if trimmed.isEmpty { throw .invalidEmail(email, reason: "it is empty") }
        if trimmed.utf8.count > maximumLength {
            throw .invalidEmail(email, reason: "it is longer than \(maximumLength) bytes")
        }
        if trimmed.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            throw .invalidEmail(email, reason: "it contains spaces or control characters")
        }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[1].contains("."), !parts[1].hasPrefix("."),
            !parts[1].hasSuffix(".")
        else {
            throw .invalidEmail(email, reason: "expected one @ between a local part and a domain")
        }
        return trimmed
    }
}
