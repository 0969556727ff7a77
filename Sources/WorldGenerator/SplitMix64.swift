import Communities
import Foundation

/// The generator's random streams (`Communities.SplitMix64`), named here once for every file of
/// the world builder.
typealias SplitMix64 = Communities.SplitMix64

/// Cumulative weights for drawing an index with probability proportional to its weight.
struct WeightedChoice {
    private let cumulative: [Double]

    init(_ weights: [Double]) {
        var total = 0.0
        cumulative = weights.map { total += $0; return total }
    }

    /// Weights `1 / (rank + 1)^exponent` for `count` items: a Zipf law, for hubs and pools.
    init(zipfCount count: Int, exponent: Double) {
        self.init((0..<count).map { 1 / pow(Double($0 + 1), exponent) })
    }

    func draw(_ random: inout SplitMix64) -> Int {
        let target = random.unit() * cumulative[cumulative.count - 1]
        var low = 0, high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
