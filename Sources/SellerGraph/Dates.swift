/// `YYYY-MM-DD` dates as days since 1970-01-01 (proleptic Gregorian), the dataset's only date format.
public enum Dates {
    /// The value stored for an empty (unknown) date.
    public static let unknown = Int32.min

    /// Parses `YYYY-MM-DD` strictly (month 1–12, a day that exists in that month); `nil` otherwise.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for offset in range {
                let byte = bytes[offset]
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = digits(0 ..< 4), let month = digits(5 ..< 7), let day = digits(8 ..< 10) else { return nil }
        guard (1 ... 12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
        return Int32(daysFromCivil(year: year, month: month, day: day))
    }

    public static func parse(_ text: String) -> Int32? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Howard Hinnant's days-from-civil algorithm.
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Formats days since 1970-01-01 as `YYYY-MM-DD`; `""` for ``unknown``.
    public static func format(_ days: Int32) -> String {
        guard days != unknown else { return "" }
        let z = Int(days) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
