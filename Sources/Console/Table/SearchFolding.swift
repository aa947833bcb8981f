import Foundation

/// The filter's view of text: lower-cased with accents folded away, so `zoe muller` finds Zoë Müller and
/// `bjorn` finds Bjørn. Letters that Unicode does not decompose (ø, æ, ß, ł, đ, þ, œ, ı) are spelled the way
/// a keyboard without them would. ASCII text takes a byte loop.
enum SearchFolding {
    static func bytes(_ text: String) -> [UInt8] {
        var bytes = Array(text.utf8)
        for index in bytes.indices {
            let byte = bytes[index]
            if byte >= 0x80 { return folded(text) }
            if byte >= 0x41, byte <= 0x5A { bytes[index] = byte | 0x20 }
        }
        return bytes
    }

    private static let spelled: [Unicode.Scalar: String] = [
        "ø": "o", "æ": "ae", "œ": "oe", "ß": "ss", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
    ]

    private static func folded(_ text: String) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(text.utf8.count)
        for scalar in text.lowercased().decomposedStringWithCanonicalMapping.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .enclosingMark: continue
            default: break
            }
            if let spelling = spelled[scalar] {
                result.append(contentsOf: spelling.utf8)
            } else {
                result.append(contentsOf: String(scalar).utf8)
            }
        }
        return result
    }
}
