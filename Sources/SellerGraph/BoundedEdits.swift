/// Levenshtein distance with a small bound (insertions, deletions, substitutions), for any
/// sequence of comparable elements: UTF-8 bytes of address keys (``AddressComparison``),
/// characters of identifier readings (``ReadingCorrection``).
///
/// The three edits are tried at the first difference: at most 3^edits branches and no table,
/// which is what a bound of one or two needs.
enum BoundedEdits {
    /// Whether `a` and `b` are at most `edits` edits apart. With `transpositions`, two adjacent
    /// characters swapped count as one edit (optimal string alignment: "Fsoter" / "Foster", the
    /// commonest typing slip) rather than two.
    static func isWithin<C: RandomAccessCollection>(_ a: Slice<C>, _ b: Slice<C>, edits: Int, transpositions: Bool = false) -> Bool
        where C.Element: Equatable, C.Index == Int {
        var i = a.startIndex, j = b.startIndex
        while i < a.endIndex, j < b.endIndex, a[i] == b[j] { i += 1; j += 1 }
        let restA = a.endIndex - i, restB = b.endIndex - j
        if restA == 0 || restB == 0 { return max(restA, restB) <= edits }
        guard edits > 0, abs(restA - restB) <= edits else { return false }
        if transpositions, restA >= 2, restB >= 2, a[i] == b[j + 1], a[i + 1] == b[j],
           isWithin(a[(i + 2)...], b[(j + 2)...], edits: edits - 1, transpositions: true) {
            return true
        }
        return isWithin(a[(i + 1)...], b[(j + 1)...], edits: edits - 1, transpositions: transpositions)
            || isWithin(a[(i + 1)...], b[j...], edits: edits - 1, transpositions: transpositions)
            || isWithin(a[i...], b[(j + 1)...], edits: edits - 1, transpositions: transpositions)
    }

    /// The edit distance between `a` and `b` if it is at most `limit`, else nil.
    static func distance<C: RandomAccessCollection>(_ a: C, _ b: C, atMost limit: Int) -> Int?
        where C.Element: Equatable, C.Index == Int {
        guard abs(a.count - b.count) <= limit else { return nil }
        let a = Slice(base: a, bounds: a.startIndex ..< a.endIndex), b = Slice(base: b, bounds: b.startIndex ..< b.endIndex)
        return (0 ... max(0, limit)).first { isWithin(a, b, edits: $0) }
    }
}
