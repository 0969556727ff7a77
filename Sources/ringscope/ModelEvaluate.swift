import ArgumentParser
import CaseStore
import Foundation
import Scoring

/// `ringscope model evaluate`: a stored model's figures, and how it ranks the labelled rings now.
struct ModelEvaluate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Show a stored model's cross-validated figures and score the case store's labelled rings with it.",
        discussion: """
        Reprints the figures 'model train' measured (cross-validated, out of fold) and what the \
        model was trained on, then scores every labelled ring the store holds now and prints ROC \
        AUC, precision@10/25, Brier score and calibration error over them (rings it was trained \
        on included, so these read better than the cross-validated ones), and says whether the \
        labelled rings changed since it was trained (then retrain). A model that cannot be read \
        (damaged, written by a newer RingScope) is an error, exit 1.

        Example:
          ringscope model evaluate --cases output/cases.sqlite
          ringscope model evaluate --cases output/cases.sqlite --model 2
        """
    )

    @OptionGroup var store: CaseStoreOptions

    @Option(help: ArgumentHelp("The model's id in the store. (default: the latest)", valueName: "id"))
    var model: Int?

    func run() throws {
        let cases = try store.open()
        let stored: StoredModel
        if let model {
            stored = try withCaseStoreErrors { try cases.model(id: model) }
        } else {
            guard let latest = try withCaseStoreErrors({ try cases.latestModel() }) else {
                Console.error("\(cases.path): error: no model in this store yet; train one: ringscope model train --cases \(cases.path)")
                throw ExitCode(1)
            }
            stored = latest
        }
        let learned = try LearnedScoring.load(stored, store: cases)
        print(terminalSafe("model \(stored.id), trained \(stored.createdAt) on \(stored.positives) confirmed and \(stored.negatives) unfounded outcomes (training set SHA-256 \(stored.trainingSHA256))"))
        ModelTrain.printFigures(learned.metrics, table: nil)
        let training = try withCaseStoreErrors { try cases.trainingRows() }
        guard !training.rows.isEmpty else {
            print("no labelled rings in the store to score")
            return
        }
        let (matrix, labels) = LearnedScoring.matrix(training.rows)
        let scores: [LearnedModel.RingScore]
        do { scores = try learned.score(matrix) } catch let error as ScoringError {
            Console.error("\(cases.path): error: \(LearnedScoring.message(error))")
            throw ExitCode(1)
        }
        let unseen = LearnedModel.digest(matrix, labels) != stored.trainingSHA256
        ModelEvaluate.printScored("every labelled ring now (\(training.rows.count); the ones it was trained on included, so better than on new rings)",
                                  scores, labels)
        if unseen { print("  the labelled rings changed since the model was trained: retrain to learn from the new outcomes (ringscope model train)") }
    }

    static func printScored(_ title: String, _ scores: [LearnedModel.RingScore], _ labels: [Float]) {
        let margins = scores.map(\.margin), probabilities = scores.map(\.probability)
        print("scored on \(title):")
        print("  ROC AUC            \(figure(ClassificationMetrics.rocAUC(scores: margins, labels: labels)))")
        print("  precision@10       \(figure(ClassificationMetrics.precision(atK: 10, scores: margins, labels: labels)))")
        print("  precision@25       \(figure(ClassificationMetrics.precision(atK: 25, scores: margins, labels: labels)))")
        print("  Brier score        \(figure(ClassificationMetrics.brierScore(probabilities: probabilities, labels: labels)))")
        print("  calibration error  \(figure(ClassificationMetrics.expectedCalibrationError(probabilities: probabilities, labels: labels)))")
    }

    static func figure(_ value: Double?) -> String { value.map(LearnedScoring.figure) ?? "–" }
}
