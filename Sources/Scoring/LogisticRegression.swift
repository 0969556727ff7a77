import Foundation

/// L2-regularised logistic regression: the baseline the gradient-boosted trees are measured
/// against (docs/learned-scoring.md, "Trees or logistic regression").
///
/// Preparation, learned from the training rows only: a missing value (NaN) is replaced by its
/// column's median and flagged in an indicator column of its own (1 when missing), then every
/// column is standardised (mean 0, standard deviation 1); a column that does not vary in the
/// training rows gets weight 0. The weights minimise the log loss plus `l2 / 2 · ‖w‖²` (the
/// intercept is not penalised), by Newton's method (iteratively reweighted least squares) with
/// a Cholesky solve, at most `iterations` steps in a fixed order on one thread: the same rows
/// give the same weights bit for bit.
///
/// Each feature's contribution to a margin is exact: its weight times its standardised value,
/// plus its missing indicator's weight times the indicator's standardised value. The
/// contributions and the intercept add up to the margin.
public struct LogisticRegression: Sendable, Hashable, Codable {
    /// The L2 penalty on the standardised weights.
    public let l2: Double
    /// Each feature's median among its known training values (0 when none is known).
    public let medians: [Double]
    /// Mean and standard deviation of each prepared column: the features, then their indicators.
    public let means: [Double]
    public let deviations: [Double]
    /// Weights of the standardised columns (the features, then their indicators) and the intercept.
    public let weights: [Double]
    public let intercept: Double

    /// The number of features (columns of the matrices it reads).
    public var featureCount: Int { medians.count }

    /// Fits the model.
    ///
    /// - Parameters:
    ///   - l2: the penalty, > 0 (it also keeps separable data finite).
    ///   - iterations: Newton steps at most; the fit stops earlier when a step moves no weight by
    ///     more than 1e-10.
    /// - Throws: ``ScoringError/invalidData(_:)`` without rows, with a label other than 0 or 1,
    ///   or with rows and labels of different counts; ``ScoringError/invalidParameter(_:)`` for
    ///   `l2 <= 0` or `iterations < 1`.
    /// - Complexity: O(iterations · (n · d² + d³)) for n rows and d = 2 × features columns.
    public static func fit(features matrix: FeatureMatrix, labels: [Float], l2: Double = 1, iterations: Int = 50) throws -> LogisticRegression {
        guard l2 > 0, l2.isFinite else { throw ScoringError.invalidParameter("l2 must be positive, got \(l2)") }
        guard iterations >= 1 else { throw ScoringError.invalidParameter("iterations must be at least 1, got \(iterations)") }
        guard matrix.rowCount > 0, matrix.rowCount == labels.count else {
            throw ScoringError.invalidData("logistic regression needs rows and one label per row; got \(matrix.rowCount) rows and \(labels.count) labels")
        }
        guard labels.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw ScoringError.invalidData("labels must be 0 or 1") }
        let features = matrix.columnCount, rows = matrix.rowCount
        var medians = [Double](repeating: 0, count: features)
        for column in 0 ..< features {
            let known = (0 ..< rows).map { Double(matrix[$0, column]) }.filter { !$0.isNaN }
            medians[column] = RingFeatureExtractor.median(known) ?? 0
        }
        let width = 2 * features
        var raw = [Double](repeating: 0, count: rows * width)
        for row in 0 ..< rows { fill(&raw, at: row * width, from: matrix.row(row), medians: medians) }
        var means = [Double](repeating: 0, count: width), deviations = [Double](repeating: 0, count: width)
        for column in 0 ..< width {
            var sum = 0.0
            for row in 0 ..< rows { sum += raw[row * width + column] }
            let mean = sum / Double(rows)
            var squares = 0.0
            for row in 0 ..< rows { squares += (raw[row * width + column] - mean) * (raw[row * width + column] - mean) }
            means[column] = mean
            deviations[column] = (squares / Double(rows)).squareRoot()
        }
        // The design: standardised columns (0 where a column does not vary), then a 1 for the intercept.
        let dimension = width + 1
        var design = [Double](repeating: 0, count: rows * dimension)
        for row in 0 ..< rows {
            for column in 0 ..< width where deviations[column] > 1e-12 {
                design[row * dimension + column] = (raw[row * width + column] - means[column]) / deviations[column]
            }
            design[row * dimension + width] = 1
        }
        let positives = Double(labels.filter { $0 == 1 }.count)
        var beta = [Double](repeating: 0, count: dimension)
        beta[width] = log((positives + 0.5) / (Double(rows) - positives + 0.5))
        for _ in 0 ..< iterations {
            var gradient = [Double](repeating: 0, count: dimension)
            var hessian = [Double](repeating: 0, count: dimension * dimension)
            for row in 0 ..< rows {
                let x = design[(row * dimension)..<((row + 1) * dimension)]
                var margin = 0.0
                for (value, weight) in zip(x, beta) { margin += value * weight }
                let p = 1 / (1 + exp(-margin)), w = max(p * (1 - p), 1e-12), residual = p - Double(labels[row])
                for i in 0 ..< dimension where x[x.startIndex + i] != 0 {
                    let xi = x[x.startIndex + i]
                    gradient[i] += residual * xi
                    for j in i ..< dimension { hessian[i * dimension + j] += w * xi * x[x.startIndex + j] }
                }
            }
            for i in 0 ..< width {
                gradient[i] += l2 * beta[i]
                hessian[i * dimension + i] += l2
            }
            hessian[width * dimension + width] += 1e-9
            for i in 0 ..< dimension { for j in 0 ..< i { hessian[i * dimension + j] = hessian[j * dimension + i] } }
            guard let step = solveCholesky(hessian, gradient, dimension) else { break }
            var largest = 0.0
            for i in 0 ..< dimension {
                beta[i] -= step[i]
                largest = max(largest, abs(step[i]))
            }
            if largest < 1e-10 { break }
        }
        for column in 0 ..< width where deviations[column] <= 1e-12 { beta[column] = 0 }
        return LogisticRegression(l2: l2, medians: medians, means: means, deviations: deviations,
                                  weights: Array(beta[0 ..< width]), intercept: beta[width])
    }

    /// The raw values of one row: the features (NaN → median), then the missing indicators.
    private static func fill(_ target: inout [Double], at offset: Int, from row: ArraySlice<Float>, medians: [Double]) {
        for (column, value) in row.enumerated() {
            target[offset + column] = value.isNaN ? medians[column] : Double(value)
            target[offset + medians.count + column] = value.isNaN ? 1 : 0
        }
    }

    /// Solves `A x = b` for a symmetric positive definite `A` (row-major n × n); nil when `A` is
    /// not positive definite to working precision.
    static func solveCholesky(_ a: [Double], _ b: [Double], _ n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0 ..< n {
            for j in 0 ... i {
                var sum = a[i * n + j]
                for k in 0 ..< j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0 else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var y = [Double](repeating: 0, count: n)
        for i in 0 ..< n {
            var sum = b[i]
            for k in 0 ..< i { sum -= l[i * n + k] * y[k] }
            y[i] = sum / l[i * n + i]
        }
        var x = [Double](repeating: 0, count: n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1) ..< n { sum -= l[k * n + i] * x[k] }
            x[i] = sum / l[i * n + i]
        }
        return x
    }

    /// Each feature's exact part in each row's margin (log-odds): row-major, `featureCount` per row.
    /// - Throws: ``ScoringError/invalidData(_:)`` when the matrix's width is not ``featureCount``.
    public func contributions(_ matrix: FeatureMatrix) throws -> [Double] {
        guard matrix.columnCount == featureCount else {
            throw ScoringError.invalidData("the model reads \(featureCount) features, the matrix has \(matrix.columnCount)")
        }
        let features = featureCount, width = 2 * features
        var raw = [Double](repeating: 0, count: width)
        var result = [Double](repeating: 0, count: matrix.rowCount * features)
        for row in 0 ..< matrix.rowCount {
            Self.fill(&raw, at: 0, from: matrix.row(row), medians: medians)
            for column in 0 ..< width where deviations[column] > 1e-12 {
                result[row * features + column % features] += weights[column] * (raw[column] - means[column]) / deviations[column]
            }
        }
        return result
    }

    /// Each row's margin (log-odds): the intercept plus the contributions.
    public func margins(_ matrix: FeatureMatrix) throws -> [Double] {
        let parts = try contributions(matrix)
        return (0 ..< matrix.rowCount).map { row in
            var margin = intercept
            for column in 0 ..< featureCount { margin += parts[row * featureCount + column] }
            return margin
        }
    }
}
