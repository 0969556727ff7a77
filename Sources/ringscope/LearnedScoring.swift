import ArgumentParser
import CaseStore
import Foundation
import Investigation
import Scoring

/// The glue between the case store's plain records and the `Scoring` library, shared by
/// `analyze --cases` and the `model` commands.
enum LearnedScoring {
    /// The parameters `model train` uses: `BoosterParameters`' defaults (docs/learned-scoring.md
    /// says why) with every feature's monotone direction.
    static func parameters(seed: UInt64) -> BoosterParameters {
        BoosterParameters(monotoneConstraints: RingFeature.monotoneConstraints, seed: seed, threads: 1)
    }

    /// The labelled rings as a feature matrix (columns by feature name: a feature the rows lack
    /// is missing) and labels.
    static func matrix(_ rows: [TrainingRows.Row]) -> (features: FeatureMatrix, labels: [Float]) {
        let columns = Dictionary(uniqueKeysWithValues: RingFeature.allCases.map { ($0.rawValue, $0.column) })
        var matrix = FeatureMatrix(rowCount: rows.count, columnCount: RingFeature.allCases.count)
        for index in rows.indices {
            for column in 0 ..< matrix.columnCount { matrix[index, column] = .nan }
        }
        for (index, row) in rows.enumerated() {
            for record in row.features {
                guard let column = columns[record.feature], let value = record.value else { continue }
                matrix[index, column] = Float(value)
            }
        }
        return (matrix, rows.map { Float($0.label) })
    }

    /// The feature records of one ring (row of `matrix`), without contributions.
    static func records(_ matrix: FeatureMatrix, row: Int) -> [RingFeatureRecord] {
        RingFeature.allCases.map { feature in
            let value = matrix[row, feature.column]
            return RingFeatureRecord(feature: feature.rawValue, value: value.isNaN ? nil : Double(value))
        }
    }

    /// The feature records of a scored ring, each with its contribution and sentence, in column order.
    static func records(_ score: LearnedModel.RingScore) -> [RingFeatureRecord] {
        let sentences = Dictionary(uniqueKeysWithValues: zip(score.contributions.map(\.feature), score.sentences()))
        let byFeature = Dictionary(uniqueKeysWithValues: score.contributions.map { ($0.feature, $0) })
        return RingFeature.allCases.map { feature in
            let part = byFeature[feature]!
            return RingFeatureRecord(feature: feature.rawValue, value: part.value.isNaN ? nil : Double(part.value),
                                     contribution: part.logOdds, sentence: sentences[feature]!)
        }
    }

    /// Loads a stored model; a model that cannot be read is an error saying what to do, never a
    /// silent fall back to the rule score.
    static func load(_ stored: StoredModel, store: CaseStore) throws -> LearnedModel {
        do {
            return try LearnedModel(serialized: stored.bytes)
        } catch let error as ScoringError {
            Console.error("\(store.path): error: model \(stored.id) cannot be used: \(Self.message(error)); retrain it (ringscope model train --cases \(store.path)) or rank by the rule score with --rule-score")
            throw ExitCode(1)
        }
    }

    /// A ``ScoringError``'s text without its leading "error: ".
    static func message(_ error: ScoringError) -> String {
        let text = error.description
        return text.hasPrefix("error: ") ? String(text.dropFirst("error: ".count)) : text
    }

    /// The figures `model train` and `model evaluate` print, as sorted-key JSON for the store.
    static func metricsJSON(_ metrics: LearnedModel.Metrics) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: (try? encoder.encode(metrics)) ?? Data("{}".utf8), as: UTF8.self)
    }

    static func figure(_ value: Double) -> String { value.isFinite ? String(format: "%.3f", value) : "–" }
}
