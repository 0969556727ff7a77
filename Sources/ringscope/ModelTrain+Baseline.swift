import Foundation
import Scoring

extension ModelTrain {
    /// Cross-validates the other kind of model (logistic regression beside trees, trees beside
    /// logistic regression) on the same folds (same labels, seed and calibration method) and
    /// prints its figures on one line, so a user sees with their own outcomes which kind ranks
    /// better; nothing of it is stored.
    static func printOtherKind(_ kind: LearnedModel.Kind, _ matrix: FeatureMatrix, _ labels: [Float], folds: Int, seed: UInt64,
                               method: CrossValidation.Method) {
        let other: LearnedModel.Kind = kind == .trees ? .logistic : .trees
        guard let validation = try? LearnedModel.trainValidated(features: matrix, labels: labels, parameters: LearnedScoring.parameters(seed: seed),
                                                                foldCount: folds, seed: seed, calibration: method, kind: other).validation else { return }
        let name = other == .logistic ? "L2 logistic regression (λ \(String(format: "%g", LearnedModel.logisticL2)))" : "gradient-boosted trees"
        print("on the same folds, \(name) (--kind \(other.rawValue)): "
              + "ROC AUC \(LearnedScoring.figure(validation.rocAUC ?? .nan)), "
              + "precision@10 \(LearnedScoring.figure(validation.precision(atK: 10) ?? .nan)), "
              + "precision@25 \(LearnedScoring.figure(validation.precision(atK: 25) ?? .nan)), "
              + "Brier \(LearnedScoring.figure(validation.brierScore ?? .nan)), "
              + "calibration error \(LearnedScoring.figure(validation.expectedCalibrationError ?? .nan))")
    }
}
