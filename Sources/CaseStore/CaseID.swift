/// A case's stable id: `C-` + the year the case was opened + `-` + its number within that year,
/// zero-padded to four digits (`C-2026-0042`; the 10,000th case of a year is `C-2026-10000`).
///
/// The id is given once, when a ring first opens a case, and kept by every ring that continues
/// the case in later runs (``Lineage``), so an analyst, a referral and an enforcement partner can
/// name one operation across monthly data refreshes. Numbers count up per year in the order
/// cases are opened (rings of one run in rank order), so two stores fed the same runs give the
/// same ids.
public struct CaseID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let year: Int
    public let number: Int

    public init(year: Int, number: Int) {
        precondition((1000 ... 9999).contains(year) && number >= 1, "case ids have a four-digit year and a number from 1")
        self.year = year
        self.number = number
    }

    /// Reads `C-2026-0042` (case-insensitive `c`, at least four digits of number); nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == "C" || parts[0] == "c",
              parts[1].count == 4, parts[1].allSatisfy(\.isASCII), let year = Int(parts[1]), year >= 1000,
              parts[2].count >= 4, parts[2].count <= 9, parts[2].allSatisfy({ $0.isASCII && $0.isNumber }),
              let number = Int(parts[2]), number >= 1 else { return nil }
        self.year = year
        self.number = number
    }

    public var description: String {
        let digits = String(number)
        return "C-\(year)-" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    public static func < (lhs: CaseID, rhs: CaseID) -> Bool {
        lhs.year != rhs.year ? lhs.year < rhs.year : lhs.number < rhs.number
    }
}
