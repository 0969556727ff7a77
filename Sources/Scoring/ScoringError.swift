/// What went wrong while training, loading or applying a learned model, as one line a person can
/// act on.
public enum ScoringError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A training or model parameter is out of range.
    case invalidParameter(String)
    /// The data cannot train or feed a model (no rows, a label other than 0 or 1, a width mismatch).
    case invalidData(String)
    /// XGBoost refused a call; `call` names the C function, `message` is XGBoost's own.
    case xgboost(call: String, message: String)
    /// A stored model cannot be read (corrupt, truncated, or not a model).
    case corruptModel(String)

    public var description: String {
        switch self {
        case .invalidParameter(let message): "error: invalid model parameter: \(message)"
        case .invalidData(let message): "error: \(message)"
        case .xgboost(let call, let message): "error: XGBoost \(call) failed: \(message)"
        case .corruptModel(let message): "error: the model file cannot be read: \(message)"
        }
    }
}

extension ScoringError {
    /// Too few outcomes of a class to learn from: the rule score ranks instead.
    static func tooFewLabels(positives: Int, negatives: Int, minimum: Int) -> ScoringError {
        .invalidData("too few outcomes to learn from: \(positives) confirmed and \(negatives) unfounded, at least \(minimum) of each are needed; the rule score ranks instead")
    }
}
