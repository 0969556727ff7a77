import Foundation

/// The contingency table of two labelings: counts per label of each and per pair.
private struct Contingency {
    var nodeCount: Int
    var rowSums: [Int]
    var columnSums: [Int]
    var cells: [Int]

    init(_ a: [Int32], _ b: [Int32]) {
        precondition(a.count == b.count, "labelings differ in length")
        let rows = Partition(labels: a), columns = Partition(labels: b)
        nodeCount = a.count
        rowSums = rows.sizes
        columnSums = columns.sizes
        var pairCounts: [Int64: Int] = [:]
        for node in 0 ..< a.count {
            let key = Int64(rows.membership[node]) << 32 | Int64(columns.membership[node])
            pairCounts[key, default: 0] += 1
        }
        // Sorted so that floating-point sums do not depend on hash order.
        cells = pairCounts.sorted { $0.key < $1.key }.map(\.value)
    }
}

/// Normalised mutual information of two labelings (Danon et al. 2005), the `"nmi"` of igraph's
/// `compare_communities`:
///
///     NMI = 2 · I(A; B) / (H(A) + H(B))
///
/// Labels are any integers; only which nodes share a label matters. 1 for identical groupings,
/// 0 for independent ones; 1 when both entropies are 0 (both put every node together).
/// - Complexity: O(n) expected.
public func normalizedMutualInformation(_ a: [Int32], _ b: [Int32]) -> Double {
    let table = Contingency(a, b)
    guard table.nodeCount > 0 else { return 1 }
    let n = Double(table.nodeCount)
    func entropy(_ counts: [Int]) -> Double {
        counts.reduce(0) { sum, count in
            let p = Double(count) / n
            return sum - p * log(p)
        }
    }
    let entropyA = entropy(table.rowSums), entropyB = entropy(table.columnSums)
    guard entropyA + entropyB > 0 else { return 1 }
    // I(A;B) = H(A) + H(B) − H(A, B).
    let mutual = entropyA + entropyB - entropy(table.cells)
    return max(0, min(1, 2 * mutual / (entropyA + entropyB)))
}

/// Adjusted Rand index of two labelings (Hubert & Arabie 1985), the `"ari"` of igraph's
/// `compare_communities`: the Rand index corrected for chance, 1 for identical groupings and
/// about 0 for random ones (it can be negative).
///
/// Where igraph returns NaN (both labelings trivial, so the index is 0/0), this returns 1 if
/// the groupings are the same and 0 otherwise.
/// - Complexity: O(n) expected.
public func adjustedRandIndex(_ a: [Int32], _ b: [Int32]) -> Double {
    let table = Contingency(a, b)
    func pairs(_ count: Int) -> Double { Double(count) * Double(count - 1) / 2 }
    let index = table.cells.reduce(0) { $0 + pairs($1) }
    let rowPairs = table.rowSums.reduce(0) { $0 + pairs($1) }
    let columnPairs = table.columnSums.reduce(0) { $0 + pairs($1) }
    let totalPairs = pairs(table.nodeCount)
    let expected = totalPairs > 0 ? rowPairs * columnPairs / totalPairs : 0
    let maximum = (rowPairs + columnPairs) / 2
    guard maximum != expected else {
        return table.rowSums.count == table.cells.count && table.columnSums.count == table.cells.count ? 1 : 0
    }
    return (index - expected) / (maximum - expected)
}
