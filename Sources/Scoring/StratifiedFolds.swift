import Communities

/// A deterministic stratified k-fold split: each fold gets the same share of positives and of
/// negatives (to within one), so that a fold never lacks a class when each class has at least
/// `k` rows.
public struct StratifiedFolds: Sendable, Hashable {
    /// The fold of each row, `0 ..< foldCount`.
    public let foldOfRow: [Int]
    public let foldCount: Int

    /// Splits rows with `labels` into `foldCount` folds, shuffling each class with `seed`
    /// (SplitMix64 and Fisher–Yates, so the split is the same on every machine) and dealing it
    /// round-robin.
    public init(labels: [Float], foldCount: Int, seed: UInt64) {
        precondition(foldCount >= 2, "cross-validation needs at least two folds")
        self.foldCount = foldCount
        var folds = [Int](repeating: 0, count: labels.count)
        var random = SplitMix64(seed: seed)
        var dealt = 0
        for label in [Float(1), 0] {
            var rows = labels.indices.filter { labels[$0] == label }
            if rows.count > 1 {
                for index in stride(from: rows.count - 1, to: 0, by: -1) {
                    rows.swapAt(index, Int(random.next() % UInt64(index + 1)))
                }
            }
            // Continue the deal where the previous class stopped, so fold sizes stay even.
            for row in rows {
                folds[row] = dealt % foldCount
                dealt += 1
            }
        }
        foldOfRow = folds
    }

    /// The rows of fold `fold` (the test part) and of every other fold (the training part), in
    /// row order.
    public func split(_ fold: Int) -> (training: [Int], test: [Int]) {
        var training: [Int] = [], test: [Int] = []
        for (row, rowFold) in foldOfRow.enumerated() {
            if rowFold == fold { test.append(row) } else { training.append(row) }
        }
        return (training, test)
    }
}
