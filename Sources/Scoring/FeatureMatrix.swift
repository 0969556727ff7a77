/// A dense matrix of feature values, one row per example (a candidate ring), one column per
/// feature, stored row-major in one contiguous array: the layout XGBoost's
/// `XGDMatrixCreateFromMat` reads without a copy.
///
/// A value that is not known is `Float.nan`; the model treats it as missing (XGBoost learns a
/// default direction for missing values at every split).
public struct FeatureMatrix: Sendable, Hashable {
    /// The number of rows (examples).
    public let rowCount: Int
    /// The number of columns (features).
    public let columnCount: Int
    /// Row-major values: row `r`, column `c` is at `r * columnCount + c`.
    public private(set) var values: [Float]

    /// A matrix of `rowCount` × `columnCount` zeros.
    public init(rowCount: Int, columnCount: Int) {
        precondition(rowCount >= 0 && columnCount > 0, "a feature matrix needs at least one column")
        self.rowCount = rowCount
        self.columnCount = columnCount
        self.values = [Float](repeating: 0, count: rowCount * columnCount)
    }

    /// A matrix from its rows; every row must have the same, non-zero length.
    public init(rows: [[Float]], columnCount: Int) {
        precondition(columnCount > 0, "a feature matrix needs at least one column")
        precondition(rows.allSatisfy { $0.count == columnCount }, "every row needs \(columnCount) values")
        self.rowCount = rows.count
        self.columnCount = columnCount
        self.values = rows.flatMap { $0 }
    }

    public subscript(row: Int, column: Int) -> Float {
        get { values[row * columnCount + column] }
        set { values[row * columnCount + column] = newValue }
    }

    /// The values of one row.
    public func row(_ row: Int) -> ArraySlice<Float> {
        values[(row * columnCount)..<((row + 1) * columnCount)]
    }

    /// The matrix made of the given rows, in the given order (a fold's training or test part).
    public func selecting(rows indices: [Int]) -> FeatureMatrix {
        var result = FeatureMatrix(rowCount: indices.count, columnCount: columnCount)
        for (target, source) in indices.enumerated() {
            let from = source * columnCount, to = target * columnCount
            for column in 0..<columnCount { result.values[to + column] = values[from + column] }
        }
        return result
    }
}
