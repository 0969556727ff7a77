/// Compressed sparse rows: for each of `nodeCount` rows, a contiguous run of `Int32` entries.
///
/// `entries[offsets[row] ..< offsets[row + 1]]` are the row's neighbours (or, for evidence, the
/// record indices). Built by a counting sort in O(n + m), stable in input order, so the result is
/// deterministic and needs no per-row allocation.
public struct Adjacency: Sendable {
    public private(set) var offsets: [Int]
    public private(set) var entries: [Int32]

    public init() {
        offsets = [0]
        entries = []
    }

    /// Groups `values[k]` under row `rows[k]`, keeping input order within a row.
    public init(rowCount: Int, rows: [Int32], values: [Int32]) {
        precondition(rows.count == values.count)
        var offsets = [Int](repeating: 0, count: rowCount + 1)
        for row in rows { offsets[Int(row) + 1] += 1 }
        for row in 0 ..< rowCount { offsets[row + 1] += offsets[row] }
        var cursor = Array(offsets.dropLast())
        var entries = [Int32](repeating: 0, count: rows.count)
        for position in rows.indices {
            let row = Int(rows[position])
            entries[cursor[row]] = values[position]
            cursor[row] += 1
        }
        self.offsets = offsets
        self.entries = entries
    }

    public var rowCount: Int { offsets.count - 1 }

    /// The entries of `row`.
    @inline(__always)
    public subscript(row: Int32) -> ArraySlice<Int32> {
        entries[offsets[Int(row)] ..< offsets[Int(row) + 1]]
    }

    /// The number of entries of `row`.
    @inline(__always)
    public func degree(of row: Int32) -> Int { offsets[Int(row) + 1] - offsets[Int(row)] }
}
