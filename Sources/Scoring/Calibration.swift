import Foundation

/// Maps a model's raw margin (log-odds) to a calibrated probability, fitted on out-of-fold
/// margins so that it corrects what the model does on rings it has not seen.
///
/// Platt scaling fits two numbers and is the default: with the few dozen to few hundred labels
/// a case store holds, isotonic regression's step function follows the noise of the sample.
/// Isotonic regression needs no shape assumption and is the better choice from about a
/// thousand labels (Niculescu-Mizil & Caruana 2005).
public enum Calibration: Sendable, Hashable, Codable {
    /// p = 1 / (1 + exp(−(slope · margin + intercept))) (Platt 1999).
    case platt(slope: Double, intercept: Double)
    /// A non-decreasing step function through (margin, probability) knots, linear between
    /// knots and flat beyond the ends (pool-adjacent-violators).
    case isotonic(margins: [Double], probabilities: [Double])

    /// The calibrated probability of a margin.
    public func probability(ofMargin margin: Double) -> Double {
        switch self {
        case .platt(let slope, let intercept):
            return 1 / (1 + exp(-(slope * margin + intercept)))
        case .isotonic(let knots, let values):
            guard let first = knots.first, let last = knots.last else { return 0.5 }
            if margin <= first { return values[0] }
            if margin >= last { return values[values.count - 1] }
            var low = 0, high = knots.count - 1
            while high - low > 1 {
                let middle = (low + high) / 2
                if knots[middle] <= margin { low = middle } else { high = middle }
            }
            let t = (margin - knots[low]) / (knots[high] - knots[low])
            return values[low] + t * (values[high] - values[low])
        }
    }

    /// Fits Platt scaling by Newton's method on the log loss, with Platt's smoothed targets
    /// ((N₊ + 1)/(N₊ + 2) for positives, 1/(N₋ + 2) for negatives) so that a perfectly separated
    /// sample still gives finite numbers.
    public static func fitPlatt(margins: [Double], labels: [Float]) -> Calibration {
        precondition(margins.count == labels.count)
        let positives = Double(labels.filter { $0 == 1 }.count)
        let negatives = Double(labels.count) - positives
        let high = (positives + 1) / (positives + 2), low = 1 / (negatives + 2)
        let targets = labels.map { $0 == 1 ? high : low }
        var slope = 1.0, intercept = log((positives + 1) / (negatives + 1))
        for _ in 0 ..< 100 {
            var gradientA = 0.0, gradientB = 0.0, haa = 1e-9, hab = 0.0, hbb = 1e-9
            for (margin, target) in zip(margins, targets) {
                let p = 1 / (1 + exp(-(slope * margin + intercept)))
                let residual = p - target, weight = p * (1 - p)
                gradientA += residual * margin
                gradientB += residual
                haa += weight * margin * margin
                hab += weight * margin
                hbb += weight
            }
            let determinant = haa * hbb - hab * hab
            guard determinant > 0 else { break }
            let stepA = (hbb * gradientA - hab * gradientB) / determinant
            let stepB = (haa * gradientB - hab * gradientA) / determinant
            slope -= stepA
            intercept -= stepB
            if abs(stepA) < 1e-10 && abs(stepB) < 1e-10 { break }
        }
        return .platt(slope: slope, intercept: intercept)
    }

    /// Fits isotonic regression of the labels on the margins by pool-adjacent-violators; equal
    /// margins are pooled first, so the fit does not depend on the order of ties.
    public static func fitIsotonic(margins: [Double], labels: [Float]) -> Calibration {
        precondition(margins.count == labels.count)
        let order = margins.indices.sorted { margins[$0] != margins[$1] ? margins[$0] < margins[$1] : $0 < $1 }
        // Blocks of (weight, sum of labels, sum of margins).
        var weights: [Double] = [], sums: [Double] = [], marginSums: [Double] = []
        var position = 0
        while position < order.count {
            var end = position, weight = 0.0, sum = 0.0, marginSum = 0.0
            while end < order.count && margins[order[end]] == margins[order[position]] {
                weight += 1; sum += Double(labels[order[end]]); marginSum += margins[order[end]]
                end += 1
            }
            weights.append(weight); sums.append(sum); marginSums.append(marginSum)
            while weights.count >= 2 && sums[sums.count - 2] / weights[weights.count - 2] >= sums[sums.count - 1] / weights[weights.count - 1] {
                let w = weights.removeLast(), s = sums.removeLast(), m = marginSums.removeLast()
                weights[weights.count - 1] += w; sums[sums.count - 1] += s; marginSums[marginSums.count - 1] += m
            }
            position = end
        }
        return .isotonic(margins: zip(marginSums, weights).map { $0 / $1 }, probabilities: zip(sums, weights).map { $0 / $1 })
    }
}
