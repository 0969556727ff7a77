/// How XGBoost grows the trees of a ``GradientBoostedTrees`` model.
///
/// The defaults are chosen for what RingScope's users have: a few dozen to a few thousand
/// labelled rings and a dozen or two features. Shallow trees, a small learning rate, a strong L2
/// penalty and a minimum hessian per leaf keep the model from memorising a handful of cases
/// (what generalises from one marketplace export to another is a few strong, monotone signals,
/// not interactions of many weak ones).
public struct BoosterParameters: Sendable, Hashable, Codable {
    /// How trees search for splits.
    public enum TreeMethod: String, Sendable, Hashable, Codable {
        /// Every distinct value is a candidate threshold; the scan over a feature runs in one
        /// thread, so the trees do not depend on the thread count. The right choice below some
        /// 10⁵ rows, which is every label count a case store holds.
        case exact
        /// Values are bucketed into at most 256 bins first; faster on large matrices.
        case hist
    }

    /// Boosting rounds (trees). Default 200.
    public var rounds: Int
    /// Maximum depth of a tree. Default 3 (interactions of at most three features).
    public var maxDepth: Int
    /// Learning rate (shrinkage of each tree's leaf values). Default 0.05.
    public var learningRate: Double
    /// L2 penalty on leaf values (XGBoost's `lambda`). Default 5.
    public var l2Penalty: Double
    /// Minimum sum of hessians in a leaf (`min_child_weight`); for log loss a hessian is
    /// p·(1−p) ≤ 0.25, so 2 means at least some 8 examples per leaf. Default 2.
    public var minChildWeight: Double
    /// Fraction of rows drawn (without replacement) for each tree. Default 0.8.
    public var subsample: Double
    /// Fraction of columns drawn for each tree. Default 1.
    public var columnSampleByTree: Double
    /// Direction the prediction must move in as each feature grows: +1 never lowers it, −1
    /// never raises it, 0 free. Empty: every feature free; otherwise one entry per column.
    public var monotoneConstraints: [Int8]
    /// Seed of XGBoost's random generator (row and column sampling). Default 0.
    public var seed: UInt64
    /// Threads XGBoost may use (`nthread`); at least 1. Default 1.
    public var threads: Int
    /// The split search. Default ``TreeMethod/exact``.
    public var treeMethod: TreeMethod

    public init(
        rounds: Int = 200, maxDepth: Int = 3, learningRate: Double = 0.05, l2Penalty: Double = 5,
        minChildWeight: Double = 2, subsample: Double = 0.8, columnSampleByTree: Double = 1,
        monotoneConstraints: [Int8] = [], seed: UInt64 = 0, threads: Int = 1,
        treeMethod: TreeMethod = .exact
    ) {
        self.rounds = rounds
        self.maxDepth = maxDepth
        self.learningRate = learningRate
        self.l2Penalty = l2Penalty
        self.minChildWeight = minChildWeight
        self.subsample = subsample
        self.columnSampleByTree = columnSampleByTree
        self.monotoneConstraints = monotoneConstraints
        self.seed = seed
        self.threads = threads
        self.treeMethod = treeMethod
    }

    /// The parameters as XGBoost's key–value strings, in a fixed order.
    func xgboostPairs(columnCount: Int) throws -> [(String, String)] {
        guard rounds >= 1 else { throw ScoringError.invalidParameter("rounds must be at least 1, not \(rounds)") }
        guard maxDepth >= 1 else { throw ScoringError.invalidParameter("maxDepth must be at least 1, not \(maxDepth)") }
        guard learningRate > 0, learningRate <= 1 else {
            throw ScoringError.invalidParameter("learningRate must be in (0, 1], not \(learningRate)")
        }
        guard subsample > 0, subsample <= 1, columnSampleByTree > 0, columnSampleByTree <= 1 else {
            throw ScoringError.invalidParameter("subsample and columnSampleByTree must be in (0, 1]")
        }
        guard l2Penalty >= 0, minChildWeight >= 0 else {
            throw ScoringError.invalidParameter("l2Penalty and minChildWeight must not be negative")
        }
        guard threads >= 1 else { throw ScoringError.invalidParameter("threads must be at least 1, not \(threads)") }
        var pairs: [(String, String)] = [
            ("verbosity", "0"),
            ("objective", "binary:logistic"),
            ("eval_metric", "logloss"),
            ("base_score", "0.5"),
            ("booster", "gbtree"),
            ("tree_method", treeMethod.rawValue),
            ("max_depth", String(maxDepth)),
            ("eta", String(learningRate)),
            ("lambda", String(l2Penalty)),
            ("min_child_weight", String(minChildWeight)),
            ("subsample", String(subsample)),
            ("colsample_bytree", String(columnSampleByTree)),
            ("seed", String(seed)),
            ("nthread", String(threads)),
        ]
        if !monotoneConstraints.isEmpty {
            guard monotoneConstraints.count == columnCount else {
                throw ScoringError.invalidParameter(
                    "\(monotoneConstraints.count) monotone constraints for \(columnCount) features")
            }
            guard monotoneConstraints.allSatisfy({ (-1...1).contains($0) }) else {
                throw ScoringError.invalidParameter("a monotone constraint is −1, 0 or +1")
            }
            pairs.append(("monotone_constraints", "(" + monotoneConstraints.map { String($0) }.joined(separator: ",") + ")"))
        }
        return pairs
    }
}
