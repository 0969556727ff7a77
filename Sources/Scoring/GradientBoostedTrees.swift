import CXGBoost
import Foundation

/// A binary classifier of gradient-boosted regression trees (log loss), trained and applied by
/// XGBoost through its C API.
///
/// This file is the only one that holds XGBoost handles: each `BoosterHandle` and
/// `DMatrixHandle` has one owner and is freed by `deinit` or `defer`; every C status goes
/// through ``check(_:_:)``, which turns XGBoost's last error into a ``ScoringError``.
///
/// A model is fixed once trained or loaded. Calls on one model are serialised by a lock
/// (XGBoost keeps each booster's last prediction in a buffer the caller must copy before the
/// next call), so a model may be shared between threads.
///
/// Determinism: with ``BoosterParameters/TreeMethod/exact`` and a fixed seed the model's bytes
/// do not depend on the thread count (see docs/learned-scoring.md); prediction sums tree
/// outputs row by row, so scores never depend on it either.
public final class GradientBoostedTrees: @unchecked Sendable {
    private let booster: BoosterHandle
    private let lock = NSLock()
    /// The number of features (columns) the model reads.
    public let featureCount: Int

    private init(booster: BoosterHandle, featureCount: Int) {
        self.booster = booster
        self.featureCount = featureCount
    }

    deinit { XGBoosterFree(booster) }

    /// Trains a model on `features` with `labels` (each 0 or 1), optionally weighting each row.
    ///
    /// - Parameters:
    ///   - features: one row per example; `Float.nan` marks a missing value.
    ///   - labels: one label per row, 0 (negative) or 1 (positive).
    ///   - weights: one non-negative weight per row, or `nil` for all 1.
    ///   - parameters: how the trees grow, the seed and the threads.
    /// - Complexity: O(rounds · features · rows · log rows) with the exact method.
    public static func train(
        features: FeatureMatrix, labels: [Float], weights: [Float]? = nil, parameters: BoosterParameters
    ) throws -> GradientBoostedTrees {
        guard features.rowCount > 0 else { throw ScoringError.invalidData("no examples to train on") }
        guard labels.count == features.rowCount else {
            throw ScoringError.invalidData("\(labels.count) labels for \(features.rowCount) examples")
        }
        guard labels.allSatisfy({ $0 == 0 || $0 == 1 }) else { throw ScoringError.invalidData("a label is 0 or 1") }
        if let weights {
            guard weights.count == features.rowCount, weights.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
                throw ScoringError.invalidData("one finite, non-negative weight per example")
            }
        }
        let pairs = try parameters.xgboostPairs(columnCount: features.columnCount)
        let matrix = try DenseMatrix(features, threads: parameters.threads)
        try labels.withUnsafeBufferPointer {
            try check(XGDMatrixSetFloatInfo(matrix.handle, "label", $0.baseAddress, bst_ulong($0.count)), "XGDMatrixSetFloatInfo")
        }
        if let weights {
            try weights.withUnsafeBufferPointer {
                try check(XGDMatrixSetFloatInfo(matrix.handle, "weight", $0.baseAddress, bst_ulong($0.count)), "XGDMatrixSetFloatInfo")
            }
        }
        var handle: BoosterHandle?
        var matrices: [DMatrixHandle?] = [matrix.handle]
        try check(XGBoosterCreate(&matrices, 1, &handle), "XGBoosterCreate")
        guard let handle else { throw ScoringError.xgboost(call: "XGBoosterCreate", message: "no booster") }
        let model = GradientBoostedTrees(booster: handle, featureCount: features.columnCount)
        for (key, value) in pairs {
            try check(XGBoosterSetParam(handle, key, value), "XGBoosterSetParam(\(key))")
        }
        for round in 0..<parameters.rounds {
            try check(XGBoosterUpdateOneIter(handle, Int32(round), matrix.handle), "XGBoosterUpdateOneIter")
        }
        withExtendedLifetime(matrix) {}
        return model
    }

    /// A model from the bytes ``serialized()`` returned (XGBoost's JSON model format).
    ///
    /// - Parameter threads: threads for prediction (not stored in the model).
    /// - Throws: ``ScoringError/corruptModel(_:)`` when the bytes are not a model XGBoost reads.
    public convenience init(serialized bytes: [UInt8], threads: Int = 1) throws {
        guard !bytes.isEmpty else { throw ScoringError.corruptModel("the model is empty") }
        var handle: BoosterHandle?
        try Self.check(XGBoosterCreate(nil, 0, &handle), "XGBoosterCreate")
        guard let handle else { throw ScoringError.xgboost(call: "XGBoosterCreate", message: "no booster") }
        let loaded = bytes.withUnsafeBytes { XGBoosterLoadModelFromBuffer(handle, $0.baseAddress, bst_ulong($0.count)) }
        guard loaded == 0 else {
            let message = String(cString: XGBGetLastError())
            XGBoosterFree(handle)
            throw ScoringError.corruptModel(Self.firstLine(of: message))
        }
        var features: bst_ulong = 0
        var rounds: Int32 = 0
        guard XGBoosterGetNumFeature(handle, &features) == 0, features > 0,
              XGBoosterBoostedRounds(handle, &rounds) == 0, rounds > 0
        else {
            XGBoosterFree(handle)
            throw ScoringError.corruptModel("it holds no trees")
        }
        self.init(booster: handle, featureCount: Int(features))
        try Self.check(XGBoosterSetParam(handle, "nthread", String(max(1, threads))), "XGBoosterSetParam(nthread)")
        try Self.check(XGBoosterSetParam(handle, "verbosity", "0"), "XGBoosterSetParam(verbosity)")
    }

    /// The model as bytes (XGBoost's JSON model format: trees and objective, no training
    /// parameters such as the thread count), identical for identical models.
    public func serialized() throws -> [UInt8] {
        try locked {
            var length: bst_ulong = 0
            var pointer: UnsafePointer<CChar>?
            try Self.check(XGBoosterSaveModelToBuffer(booster, #"{"format": "json"}"#, &length, &pointer), "XGBoosterSaveModelToBuffer")
            guard let pointer else { return [] }
            return pointer.withMemoryRebound(to: UInt8.self, capacity: Int(length)) {
                Array(UnsafeBufferPointer(start: $0, count: Int(length)))
            }
        }
    }

    /// The number of trees.
    public var treeCount: Int {
        locked {
            var rounds: Int32 = 0
            return XGBoosterBoostedRounds(booster, &rounds) == 0 ? Int(rounds) : 0
        }
    }

    /// The raw score (log-odds, before the logistic function) of each row.
    public func margins(_ features: FeatureMatrix) throws -> [Double] {
        let values = try predict(features, type: 1)
        return values.map { Double($0) }
    }

    /// The probability of the positive class for each row, as the model gives it (before any
    /// calibration): the logistic function of the margin.
    public func probabilities(_ features: FeatureMatrix) throws -> [Double] {
        try margins(features).map { 1 / (1 + exp(-$0)) }
    }

    /// Each row's margin split into one additive contribution per feature plus a bias
    /// (TreeSHAP, Lundberg et al. 2020, XGBoost's `pred_contribs`): for every row the
    /// contributions and the bias sum to ``margins(_:)`` (to float rounding).
    public func contributions(_ features: FeatureMatrix) throws -> Contributions {
        let values = try predict(features, type: 2)
        let width = featureCount + 1
        guard values.count == features.rowCount * width else {
            throw ScoringError.xgboost(call: "XGBoosterPredictFromDMatrix", message: "\(values.count) contributions for \(features.rowCount) rows")
        }
        return Contributions(rowCount: features.rowCount, featureCount: featureCount, values: values.map { Double($0) })
    }

    private func predict(_ features: FeatureMatrix, type: Int) throws -> [Float] {
        guard features.columnCount == featureCount else {
            throw ScoringError.invalidData("the model reads \(featureCount) features, the data has \(features.columnCount)")
        }
        guard features.rowCount > 0 else { return [] }
        let matrix = try DenseMatrix(features, threads: 1)
        let config = #"{"type": \#(type), "training": false, "iteration_begin": 0, "iteration_end": 0, "strict_shape": false}"#
        return try locked {
            var shape: UnsafePointer<bst_ulong>?
            var dimensions: bst_ulong = 0
            var result: UnsafePointer<Float>?
            try Self.check(XGBoosterPredictFromDMatrix(booster, matrix.handle, config, &shape, &dimensions, &result), "XGBoosterPredictFromDMatrix")
            guard let shape, let result else { return [] }
            var count = 1
            for axis in 0..<Int(dimensions) { count *= Int(shape[axis]) }
            return Array(UnsafeBufferPointer(start: result, count: count))
        }
    }

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    fileprivate static func check(_ status: Int32, _ call: String) throws {
        guard status == 0 else { throw ScoringError.xgboost(call: call, message: firstLine(of: String(cString: XGBGetLastError()))) }
    }

    /// XGBoost's messages start with a source location and may run to a stack trace; the first
    /// line after the location is what a person needs.
    private static func firstLine(of message: String) -> String {
        let line = message.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? message
        if let range = line.range(of: ": ", options: []), line[..<range.lowerBound].contains(".cc:") || line.hasPrefix("[") {
            return String(line[range.upperBound...])
        }
        return line
    }
}

/// A `DMatrixHandle` over a ``FeatureMatrix``, freed when it goes.
private final class DenseMatrix {
    let handle: DMatrixHandle

    init(_ features: FeatureMatrix, threads: Int) throws {
        var handle: DMatrixHandle?
        let status = features.values.withUnsafeBufferPointer {
            XGDMatrixCreateFromMat_omp($0.baseAddress, bst_ulong(features.rowCount), bst_ulong(features.columnCount), .nan, &handle, Int32(threads))
        }
        try GradientBoostedTrees.check(status, "XGDMatrixCreateFromMat")
        guard let handle else { throw ScoringError.xgboost(call: "XGDMatrixCreateFromMat", message: "no matrix") }
        self.handle = handle
    }

    deinit { XGDMatrixFree(handle) }
}
