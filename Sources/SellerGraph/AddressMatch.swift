import Foundation

/// Why two addresses are taken for one place: each part's comparison level and its weight
/// (log₂ m/u from the dataset's ``MatchModel``, or the term-frequency weight of the shared
/// value), the prior, the total match weight and the probability it implies.
public struct AddressMatch: Sendable, Equatable {
    /// One compared part.
    public struct Feature: Sendable, Equatable {
        public var part: AddressPart
        /// Nil for a part with nothing to compare (only listed for coordinates: "no coordinates").
        public var level: ComparisonLevel?
        public var weight: Double
        /// The values compared ("12", "xingfu (Xingfu Rd = 幸福路)", "M5B2C1 / M5B1R7").
        public var detail: String
        /// Whether the weight is the term-frequency weight of the shared value.
        public var termFrequency: Bool

        /// "street number 12 same", "room 301 on one side only", "40 m apart", "no coordinates".
        public var description: String {
            guard let level else { return part == .distance ? "no coordinates to compare" : "\(part.name): nothing to compare" }
            switch level {
            case .within, .fartherThan: return detail
            case .exact: return "\(part.name) \(detail) same"
            case .oneSide: return "\(part.name) \(detail) on one side only"
            case .close: return "\(part.name) \(detail) close"
            case .acrossScripts: return "\(part.name) \(detail) differs across scripts"
            case .different: return "different \(part.name)s (\(detail))"
            }
        }
    }

    public var features: [Feature]
    /// Whether the pair agrees exactly on every locating part either side writes
    /// (``AddressComparison/isExactAgreement(_:)``): one address whatever the match weight.
    public var exactAgreement = false
    /// The prior log-odds log₂(λ / (1 − λ)).
    public var prior: Double
    /// Metres between the two, nil when one has no coordinates.
    public var metres: Double?

    public init(features: [Feature], prior: Double, metres: Double?) {
        self.features = features; self.prior = prior; self.metres = metres
    }

    /// The match weight: the prior plus every feature's weight.
    public var weight: Double { features.reduce(prior) { $0 + $1.weight } }
    /// The match weight (the name of the old point score, kept for callers).
    public var score: Double { weight }
    /// The probability the match weight implies.
    public var probability: Double { MatchModel.probability(weight: weight) }

    /// One line for an investigator: "same street number, room, street, district and city; 40 m
    /// apart; match probability 0.9998".
    public var summary: String {
        let same = features.filter { $0.level == .exact }.map(\.part.name)
        var parts: [String] = []
        if !same.isEmpty {
            parts.append("same " + (same.count == 1 ? same[0] : same.dropLast().joined(separator: ", ") + " and " + same.last!))
        }
        let close = features.filter { $0.level == .close }.map(\.part.name)
        if !close.isEmpty { parts.append("close " + close.joined(separator: ", ")) }
        if let metres { parts.append("\(Int(metres.rounded())) m apart") } else { parts.append("no coordinates to compare") }
        for feature in features where feature.weight < 0 && feature.level != nil {
            if case .within = feature.level! { continue }
            if case .fartherThan = feature.level! { continue }
            parts.append(feature.description)
        }
        parts.append("match probability " + AddressMatch.format(probability: probability))
        if exactAgreement, probability < AddressResolver.threshold { parts.append("merged by exact agreement") }
        return parts.joined(separator: "; ")
    }

    /// Every feature with its weight, the prior, the total and the probability: "street number
    /// 12 same +7.31 (tf), room 301 same +9.10 (tf), …; prior −18.40; weight 12.31, probability 0.99980".
    public var reason: String {
        features.map { "\($0.description) \(signed($0.weight))\($0.termFrequency ? " (tf)" : "")" }.joined(separator: ", ")
            + "; prior \(signed(prior)); weight \(String(format: "%.2f", weight)), probability \(AddressMatch.format(probability: probability))"
            + (exactAgreement ? "; exact agreement on every locating part either side writes" : "")
    }

    /// A probability with enough digits to tell 0.9990 from 0.99999.
    public static func format(probability: Double) -> String {
        if probability >= 0.99999 { return "0.99999+" }
        return String(format: probability >= 0.99 ? "%.5f" : "%.3f", probability)
    }

    /// The match of two parsed addresses under `model`, with every compared part.
    public static func explain(_ a: ParsedAddress, _ b: ParsedAddress, metres: Double?, model: MatchModel) -> AddressMatch {
        let (vector, shared) = AddressComparison.compare(a, b, metres: metres)
        var features: [Feature] = []
        for part in AddressPart.allCases {
            let index = vector[part]
            guard index != ComparisonVector.null else {
                if part == .distance { features.append(Feature(part: part, level: nil, weight: 0, detail: "", termFrequency: false)) }
                continue
            }
            let level = part.levels[Int(index)]
            var weight = model.weight(part, level: Int(index))
            var termFrequency = false
            if index == 0, let value = shared.value(of: part), let tf = model.termFrequencyWeight(part, value: value) {
                weight = tf
                termFrequency = true
            }
            features.append(Feature(part: part, level: level, weight: weight, detail: detail(part, level, a, b, metres: metres, shared: shared),
                                    termFrequency: termFrequency))
        }
        var match = AddressMatch(features: features, prior: model.priorWeight, metres: metres)
        match.exactAgreement = AddressComparison.isExactAgreement(vector)
        return match
    }

    static func detail(_ part: AddressPart, _ level: ComparisonLevel, _ a: ParsedAddress, _ b: ParsedAddress, metres: Double?,
                       shared: AddressComparison.SharedValues) -> String {
        func pair(_ x: String?, _ y: String?) -> String {
            if level == .exact { return x ?? y ?? "" }
            if level == .oneSide { return x ?? y ?? "" }
            return "\(x ?? "") / \(y ?? "")"
        }
        func name(_ x: ParsedAddress.Name, _ y: ParsedAddress.Name) -> String {
            if level == .exact {
                let key = (shared.value(of: part) ?? x.keys.first ?? "").split(separator: "|").first.map(String.init) ?? ""
                return x.text == y.text ? "\(key) (\(x.text))" : "\(key) (\(x.text) = \(y.text)\(x.script != y.script ? ", read as pinyin" : ""))"
            }
            if level == .oneSide { return x.isEmpty ? y.text : x.text }
            return "\(x.text) / \(y.text)"
        }
        switch part {
        case .streetNumber: return pair(a.streetNumber?.description, b.streetNumber?.description)
        case .street: return name(a.street, b.street)
        case .compound: return name(a.compound, b.compound)
        case .building: return pair(a.building, b.building)
        case .unit: return pair(a.unit, b.unit)
        case .floor: return pair(a.floor, b.floor)
        case .room: return pair(a.room, b.room)
        case .lane: return pair(a.lane, b.lane)
        case .box: return pair(a.box, b.box)
        case .postcode: return pair(a.postcode, b.postcode)
        case .district:
            if level == .exact { return AddressComparison.sharedName(a.district.keys, b.district.keys) ?? (a.district.keys.first ?? b.district.keys.first ?? "") }
            return level == .oneSide ? (a.district.isEmpty ? b.district.text : a.district.text) : "\(a.district.text) / \(b.district.text)"
        case .city: return pair(a.city.isEmpty ? nil : a.city, b.city.isEmpty ? nil : b.city)
        case .distance: return metres.map { "\(Int($0.rounded())) m apart" } ?? ""
        }
    }
}
