/// Numbers as datasets write them, read strictly.
///
/// Swift's `Double(String)` reads C's `strtod` syntax: `0x10` is 16, `0x1p4` is 16, `nan` and
/// `inf` are numbers. A price written `0x10` in an export is an error, not sixteen, so dataset
/// numbers are decimal only: an optional sign, digits with at most one decimal point, and an
/// optional exponent (`129.90`, `-23.5`, `1e3`).
public enum NumberText {
    /// The most units a listing can have sold; more is an export error (and the sums over a
    /// ring's listings stay far from overflowing).
    public static let maximumUnitsSold: Int64 = 1_000_000_000_000
    /// The largest price or MSRP accepted, in any currency (a billion-dollar bag is an error).
    public static let maximumAmount = 1e12

    /// The decimal number spelled by `text`, or `nil` if it is not one (hexadecimal, `nan`,
    /// `inf`, a thousands separator, stray characters) or not finite.
    public static func decimal(_ text: String) -> Double? {
        var digits = 0
        var sawPoint = false
        var sawExponent = false
        var exponentDigits = 0
        var previous: UInt8 = 0
        for (offset, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0") ... UInt8(ascii: "9"):
                if sawExponent { exponentDigits += 1 } else { digits += 1 }
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard offset == 0 || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else { return nil }
            case UInt8(ascii: "."):
                guard !sawPoint, !sawExponent else { return nil }
                sawPoint = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard !sawExponent, digits > 0 else { return nil }
                sawExponent = true
            default:
                return nil
            }
            previous = byte
        }
        guard digits > 0, !sawExponent || exponentDigits > 0, let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
