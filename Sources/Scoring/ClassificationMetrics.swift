/// How well scores rank and how well probabilities are calibrated, for labels 0 and 1.
///
/// Every function takes scores and labels in the same order and is deterministic: ties in
/// score are handled explicitly (average ranks for the ROC AUC, row order for precision@k).
public enum ClassificationMetrics {
    /// The area under the ROC curve: the probability that a random positive scores above a
    /// random negative, ties counting one half (Mann–Whitney U with average ranks).
    ///
    /// - Returns: `nil` when either class is absent.
    /// - Complexity: O(n log n).
    public static func rocAUC(scores: [Double], labels: [Float]) -> Double? {
        precondition(scores.count == labels.count)
        let positives = labels.filter { $0 == 1 }.count
        let negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] < scores[$1] : $0 < $1 }
        var rankSum = 0.0
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && scores[order[end + 1]] == scores[order[start]] { end += 1 }
            let averageRank = Double(start + end) / 2 + 1
            for position in start ... end where labels[order[position]] == 1 { rankSum += averageRank }
            start = end + 1
        }
        let u = rankSum - Double(positives) * Double(positives + 1) / 2
        return u / (Double(positives) * Double(negatives))
    }

    /// The share of positives among the `k` highest scores (ties broken by row order); `k` is
    /// clamped to the number of rows.
    public static func precision(atK k: Int, scores: [Double], labels: [Float]) -> Double? {
        precondition(scores.count == labels.count)
        let k = min(k, scores.count)
        guard k > 0 else { return nil }
        let order = scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
        return Double(order.prefix(k).filter { labels[$0] == 1 }.count) / Double(k)
    }

    /// The mean squared difference between probability and label (0 is perfect; always 0.25
    /// for a constant 0.5).
    public static func brierScore(probabilities: [Double], labels: [Float]) -> Double? {
        precondition(probabilities.count == labels.count)
        guard !labels.isEmpty else { return nil }
        return zip(probabilities, labels).reduce(0) { $0 + ($1.0 - Double($1.1)) * ($1.0 - Double($1.1)) } / Double(labels.count)
    }

    /// One bin of a calibration table.
    public struct CalibrationBin: Sendable, Hashable {
        /// The bin's probability range, `lower ..< upper` (the last bin includes 1).
        public var lower: Double
        public var upper: Double
        /// Rows whose probability falls in the bin.
        public var count: Int
        /// Their mean predicted probability (0 when empty).
        public var meanProbability: Double
        /// The share of them that are positive (0 when empty).
        public var observedRate: Double
    }

    /// Rows grouped by predicted probability into `bins` equal-width bins over [0, 1].
    public static func calibrationTable(probabilities: [Double], labels: [Float], bins: Int = 10) -> [CalibrationBin] {
        precondition(probabilities.count == labels.count && bins > 0)
        var counts = [Int](repeating: 0, count: bins)
        var sums = [Double](repeating: 0, count: bins)
        var positives = [Double](repeating: 0, count: bins)
        for (probability, label) in zip(probabilities, labels) {
            let bin = min(bins - 1, max(0, Int(probability * Double(bins))))
            counts[bin] += 1
            sums[bin] += probability
            positives[bin] += Double(label)
        }
        return (0 ..< bins).map { bin in
            CalibrationBin(lower: Double(bin) / Double(bins), upper: Double(bin + 1) / Double(bins), count: counts[bin],
                           meanProbability: counts[bin] > 0 ? sums[bin] / Double(counts[bin]) : 0,
                           observedRate: counts[bin] > 0 ? positives[bin] / Double(counts[bin]) : 0)
        }
    }

    /// The expected calibration error: the count-weighted mean gap between mean predicted
    /// probability and observed positive rate over `bins` equal-width bins (0 is perfect).
    public static func expectedCalibrationError(probabilities: [Double], labels: [Float], bins: Int = 10) -> Double? {
        guard !labels.isEmpty else { return nil }
        let table = calibrationTable(probabilities: probabilities, labels: labels, bins: bins)
        return table.reduce(0) { $0 + Double($1.count) * abs($1.meanProbability - $1.observedRate) } / Double(labels.count)
    }
}
