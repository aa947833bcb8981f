import Foundation

/// RFC 3339 UTC text for instants (`2026-07-06T16:20:11Z`, optionally with microseconds), written without
/// Foundation's general-purpose formatter, which costs several microseconds a call on hot paths.
public enum RFC3339Text {
    /// - Parameters:
    ///   - date: the instant.
    ///   - fractional: append six digits of fractional seconds.
    public static func format(_ date: Date, fractional: Bool = false) -> String {
        let total = date.timeIntervalSince1970
        let whole = Int(total.rounded(.down))
        var days = whole / 86_400
        var second = whole % 86_400
        if second < 0 {
            second += 86_400
            days -= 1
        }
        // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        func put(_ value: Int, _ width: Int) {
            var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
            var rest = value
            for index in stride(from: width - 1, through: 0, by: -1) {
                digits[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            }
            bytes += digits
        }
        put(year, 4)
        bytes.append(UInt8(ascii: "-"))
        put(month, 2)
        bytes.append(UInt8(ascii: "-"))
        put(day, 2)
        bytes.append(UInt8(ascii: "T"))
        put(second / 3600, 2)
        bytes.append(UInt8(ascii: ":"))
        put(second / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":"))
        put(second % 60, 2)
        if fractional {
            bytes.append(UInt8(ascii: "."))
            put(min(Int((total - Double(whole)) * 1_000_000), 999_999), 6)
        }
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
