import Foundation

/// The Fellegi–Sunter model of address matching, as Splink builds it: for every part and
/// level, the probability m of the level among pairs that are one place and u among pairs that
/// are not; a pair's match weight is the prior log-odds log₂(λ / (1 − λ)) plus log₂(m / u) of
/// each part's level, and its match probability 2^w / (1 + 2^w).
///
/// Nothing here is a hand-set point: u comes from random pairs of the dataset, m and λ from
/// expectation maximisation over the candidate pairs (``MatchModel+EM.swift``), so the weights
/// follow the export in hand. An exact agreement on a street number, street, compound, room or
/// postcode is weighed by how common the value is (term frequency): a shared 人民路 says less
/// than a shared 迎宾大道.
public struct MatchModel: Sendable, Equatable {
    /// m-probabilities, by part (``AddressPart/rawValue``) and level.
    public var m: [[Double]]
    /// u-probabilities, by part and level.
    public var u: [[Double]]
    /// The probability that two addresses drawn at random are one place.
    public var lambda: Double
    /// For term-frequency parts: the share of addresses (having the part) with each value.
    public var termFrequencies: [[String: Double]]
    /// How many EM sessions estimated each part's m (0: the starting values were kept).
    public var sessions: [Int]
    /// Random pairs the u-probabilities were counted on (the city's: from the whole export).
    public var randomPairs: Int
    /// Random pairs within one city the other parts' u were counted on (0: none, u of every
    /// part from ``randomPairs``).
    public var sameCityPairs: Int
    /// The weight of every part and level (``levelWeights(m:u:)``), kept in step with m and u.
    public private(set) var weights: [[Double]]

    /// Recomputes ``weights`` after m or u changed.
    mutating func updateWeights() { weights = MatchModel.levelWeights(m: m, u: u) }

    /// The smallest probability used, so that a level never seen weighs finitely.
    static let floor = 1e-6

    /// Starting m-probabilities, before EM: what reasoning about two spellings of one place
    /// suggests (mostly the same value, sometimes written on one side only, rarely different).
    public static func startingM(_ part: AddressPart) -> [Double] {
        switch part {
        case .streetNumber, .compound, .postcode: [0.80, 0.08, 0.10, 0.02]
        case .street: [0.75, 0.08, 0.07, 0.08, 0.02]
        case .distance: [0.35, 0.20, 0.20, 0.15, 0.07, 0.03]
        default: [0.80, 0.17, 0.03]
        }
    }

    /// Reasoned u-probabilities for an export of a few thousand addresses, the prior the counted
    /// ones are smoothed towards (``MatchModel/uPseudoPairs``): a tiny dataset, whose random
    /// pairs include its own spellings of one place, cannot measure u alone.
    public static func startingU(_ part: AddressPart) -> [Double] {
        switch part {
        case .streetNumber: [0.01, 0.002, 0.10, 0.888]
        case .street: [0.02, 0.002, 0.05, 0.20, 0.728]
        case .compound: [0.005, 0.002, 0.20, 0.793]
        case .postcode: [0.02, 0.05, 0.30, 0.63]
        case .room: [0.005, 0.30, 0.695]
        case .city: [0.30, 0.05, 0.65]
        case .district: [0.10, 0.40, 0.50]
        case .distance: [0.0002, 0.0005, 0.003, 0.02, 0.10, 0.8763]
        default: [0.02, 0.30, 0.68]
        }
    }

    /// A model with the starting m, uniform u, and λ of one in a thousand (tests; the resolver
    /// estimates its own).
    public init() {
        m = AddressPart.allCases.map(MatchModel.startingM)
        u = AddressPart.allCases.map { part in part.levels.map { _ in 1 / Double(part.levels.count) } }
        lambda = 0.001
        termFrequencies = AddressPart.allCases.map { _ in [:] }
        sessions = AddressPart.allCases.map { _ in 0 }
        randomPairs = 0
        sameCityPairs = 0
        weights = []
        updateWeights()
    }

    /// log₂(m / u) of `part` at level index `level` (see ``levelWeights(m:u:)``).
    public func weight(_ part: AddressPart, level: Int) -> Double {
        weights[part.rawValue][level]
    }

    /// The weight of every part and level for given m and u.
    ///
    /// A level where the part is written on both sides (same, close, different) is weighed by m
    /// and u *given that both sides have the part*: most random pairs have a compound or a
    /// postcode on one side at most, so the joint u of "different compounds" is tiny, and the
    /// plain ratio would count a difference as evidence. Three guards keep the weights sane
    /// whatever EM returns on a small or odd export: agreement never weighs less than
    /// disagreement (same ≥ close ≥ different, different ≤ 0), a part written on one side only
    /// weighs between −4 and +2 (absent is absent, not a mismatch), and at most 0 for the parts
    /// that tell places in one building apart (room, unit, floor, building, lane, box), and
    /// nearer never weighs less than farther.
    public static func levelWeights(m: [[Double]], u: [[Double]]) -> [[Double]] {
        AddressPart.allCases.map { part in
            let p = part.rawValue
            let levels = part.levels
            let oneSide = levels.firstIndex(of: .oneSide)
            let mBoth = 1 - (oneSide.map { m[p][$0] } ?? 0), uBoth = 1 - (oneSide.map { u[p][$0] } ?? 0)
            var result = levels.indices.map { index -> Double in
                if index == oneSide { return log2(max(m[p][index], floor) / max(u[p][index], floor)) }
                return log2(max(m[p][index] / max(mBoth, floor), floor) / max(u[p][index] / max(uBoth, floor), floor))
            }
            if let oneSide {
                // A room, unit, floor, building, lane or box on one side only never counts for a
                // match: the bare "4400 Forbes Ave" is not more likely Suite 101 than itself
                // (EM on an export whose spellings often drop the room can learn that it does).
                let distinguishes: Set<AddressPart> = [.room, .unit, .floor, .building, .lane, .box]
                // Any other part written on one side only weighs nothing, as a null level does in
                // Splink: an address names its compound or its street and number, often not both
                // (枫林新村30栋105室 / 幸福路184号枫林新村30栋105室), and the training blocks, which
                // need a street number, cannot see the pairs that show it (EM put m of "street on
                // one side only" at 0.0004: −4 on every such spelling of a generated 20k world).
                result[oneSide] = distinguishes.contains(part) ? min(max(result[oneSide], -4), 0) : 0
            }
            if part == .distance {
                for index in result.indices.dropFirst() { result[index] = min(result[index], result[index - 1]) }
            } else {
                let exact = levels.firstIndex(of: .exact)!, different = levels.firstIndex(of: .different)!
                for index in levels.indices where index != oneSide && index != exact { result[index] = min(result[index], result[exact]) }
                result[different] = min(result[different], 0)
                for index in levels.indices where index != oneSide && index != different { result[index] = max(result[index], result[different]) }
            }
            return result
        }
    }

    /// m given that both sides have the part (for term-frequency weights).
    func conditionalM(_ part: AddressPart, level: Int) -> Double {
        let p = part.rawValue
        let oneSide = part.levels.firstIndex(of: .oneSide).map { m[p][$0] } ?? 0
        return m[p][level] / max(1 - oneSide, MatchModel.floor)
    }

    /// The weight of an exact agreement on `value`: log₂(m / f), where f is the share of
    /// addresses with that value (the chance that a random other address has it too), in place
    /// of u. Falls back to the plain weight for values not counted.
    public func termFrequencyWeight(_ part: AddressPart, value: String) -> Double? {
        guard part.usesTermFrequency, let share = termFrequencies[part.rawValue][value] else { return nil }
        let plain = weights[part.rawValue][0]
        // Never below the weight of a disagreement: a very common value is still a shared value.
        return max(log2(max(conditionalM(part, level: 0), MatchModel.floor) / max(share, MatchModel.floor)), min(plain, 0))
    }

    /// The prior log-odds that two addresses are one place, log₂(λ / (1 − λ)).
    public var priorWeight: Double { log2(max(lambda, 1e-12) / (1 - min(lambda, 0.5))) }

    /// The match weight of a comparison: prior plus each non-null part's weight (term
    /// frequencies in place of u for exact agreements on common or rare values).
    public func matchWeight(_ vector: ComparisonVector, shared: AddressComparison.SharedValues) -> Double {
        var total = priorWeight
        for part in AddressPart.allCases {
            let level = vector[part]
            guard level != ComparisonVector.null else { continue }
            if level == 0, let value = shared.value(of: part), let tf = termFrequencyWeight(part, value: value) { total += tf }
            else { total += weight(part, level: Int(level)) }
        }
        return total
    }

    /// The probability implied by a match weight.
    public static func probability(weight: Double) -> Double {
        let odds = pow(2, weight)
        return odds.isFinite ? odds / (1 + odds) : 1
    }

    /// One line per part and level: m, u and the weight ("street number same: m 0.912, u 0.0213, +5.42").
    public var table: String {
        var lines = ["prior: λ = \(String(format: "%.3g", lambda)) (\(signed(priorWeight)))"]
        for part in AddressPart.allCases {
            let note = sessions[part.rawValue] == 0 ? " (m not estimated: starting values)" : ""
            lines.append("\(part.name)\(note):")
            for (index, level) in part.levels.enumerated() {
                lines.append(String(format: "    %@: m %.4f, u %.4g, %@", level.description, m[part.rawValue][index], u[part.rawValue][index],
                                    signed(weight(part, level: index))))
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// A weight with its sign and two decimals: "+5.42", "−3.10".
func signed(_ weight: Double) -> String {
    (weight >= 0 ? "+" : "−") + String(format: "%.2f", abs(weight))
}
