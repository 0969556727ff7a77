/// Per-feature additive contributions to each row's margin (log-odds), with the bias term:
/// `rowCount` rows of `featureCount + 1` values, the bias last (XGBoost's `pred_contribs`
/// layout).
public struct Contributions: Sendable, Hashable {
    public let rowCount: Int
    public let featureCount: Int
    /// Row-major; row `r` holds `featureCount` contributions, then the bias.
    public let values: [Double]

    /// The contribution of `feature` to row `row`'s margin, in log-odds.
    public func contribution(row: Int, feature: Int) -> Double {
        values[row * (featureCount + 1) + feature]
    }

    /// The part of row `row`'s margin no feature explains (the model's base value).
    public func bias(row: Int) -> Double {
        values[row * (featureCount + 1) + featureCount]
    }

    /// The sum of row `row`'s contributions and bias: the row's margin.
    public func total(row: Int) -> Double {
        values[(row * (featureCount + 1))..<((row + 1) * (featureCount + 1))].reduce(0, +)
    }
}
