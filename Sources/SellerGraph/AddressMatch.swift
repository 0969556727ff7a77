/// Why two addresses are taken for one place: the features they agree (or disagree) on, each
/// worth points, and their sum.
///
/// The points are log-odds in the manner of Fellegi and Sunter (1969), set by reasoning about
/// real addresses, not fitted: roughly log₂ of how much more often a feature agrees for two
/// spellings of one place than for two different places that reach the same comparison block.
/// A room number agrees by chance about once in several hundred pairs (+5); a street number
/// about once in fifty (+4); a street name within one city rarely (+3), but a street written in
/// characters and one in Latin letters may disagree only because the Latin one is a translation
/// or another romanisation, so that costs less (−3) than two Latin names that differ (−8);
/// being within 50 m is strong (+4), within 120 m weaker (+2); a building number on one side
/// only weighs against (−3), because a room number repeats in every tower of a residential
/// compound; a district marked on one side and missing from the other's place words, or
/// unmarked place words that differ (a district written bare), weigh −2, because one street
/// name recurs in several districts of a Chinese city. Some disagreements are not
/// weighed but rule the pair out (``AddressMatch/match(_:_:metres:)`` returns nil): different
/// street numbers, rooms, buildings or floors; a room on one side only (a room is not the
/// building it is in); more than ``maximumMetres`` apart.
///
/// A pair is one place when its points reach ``threshold`` (12). That needs more than the
/// numbers: without coordinates, street number + room + city is 10, so the street name must
/// agree too (13); with coordinates within 50 m, street number + room + distance is 13.
public struct AddressMatch: Sendable, Equatable {
    /// One compared feature.
    public enum Feature: Sendable, Equatable {
        case streetNumber(String)
        case room(String)
        case building(String)
        /// A building number on one side only.
        case buildingOnOneSide
        case floor(String)
        case lane(String)
        /// The same street: its key, the two spellings, and whether one is in characters and the
        /// other in Latin letters (then the match is through pinyin).
        case street(key: String, first: String, second: String, acrossScripts: Bool)
        case streetDiffers(first: String, second: String, acrossScripts: Bool)
        case district(String)
        case districtDiffers(first: String, second: String)
        /// A district written with its marker on one side, and place words on the other that
        /// do not include it (a terse spelling names its district as a bare word).
        case districtNotAmongWords(String)
        /// No district marked on either side, and their place words in one script differ.
        case placeWordsDiffer(first: String, second: String)
        case city(String)
        case cityDiffers(first: String, second: String)
        case distance(metres: Double)
        case noCoordinates

        /// The feature's points.
        public var points: Double {
            switch self {
            case .streetNumber: 4
            case .room: 5
            case .building: 2
            case .buildingOnOneSide: -3
            case .floor: 1
            case .lane: 2
            case .street: 3
            case .streetDiffers(_, _, let acrossScripts): acrossScripts ? -3 : -8
            case .district: 1
            case .districtDiffers: -4
            case .districtNotAmongWords: -2
            case .placeWordsDiffer: -2
            case .city: 1
            case .cityDiffers: -4
            case .distance(let metres): metres <= AddressMatch.nearMetres ? 4 : 2
            case .noCoordinates: 0
            }
        }

        /// The feature in a few words, for a reason line ("room 301", "street xingfu (幸福路 = Xingfu Road)").
        public var description: String {
            switch self {
            case .streetNumber(let number): "street number \(number)"
            case .room(let room): "room \(room)"
            case .building(let building): "building \(building)"
            case .buildingOnOneSide: "a building number on one side only"
            case .floor(let floor): "floor \(floor)"
            case .lane(let lane): "lane \(lane)"
            case .street(let key, let first, let second, let acrossScripts):
                acrossScripts ? "street \(key.split(separator: "|").first ?? "") (\(first) = \(second), read as pinyin)" : "street \(key.split(separator: "|").first ?? "")"
            case .streetDiffers(let first, let second, _): "different street names (\(first) / \(second))"
            case .district(let district): "district \(district)"
            case .districtDiffers(let first, let second): "different districts (\(first) / \(second))"
            case .districtNotAmongWords(let district): "district \(district) not written on the other side"
            case .placeWordsDiffer(let first, let second): "different place words (\(first) / \(second))"
            case .city(let city): "city \(city)"
            case .cityDiffers(let first, let second): "different cities (\(first) / \(second))"
            case .distance(let metres): "\(Int(metres.rounded())) m apart"
            case .noCoordinates: "no coordinates to compare"
            }
        }

        /// The word for a "same …" list ("street number", "room"), nil for other features.
        var sameWord: String? {
            switch self {
            case .streetNumber: "street number"
            case .room: "room"
            case .building: "building"
            case .floor: "floor"
            case .lane: "lane"
            case .street: "street"
            case .district: "district"
            case .city: "city"
            default: nil
            }
        }
    }

    /// Points at which two addresses are one place.
    public static let threshold = 12.0
    /// Addresses farther apart than this are different places, whatever their text.
    public static let maximumMetres = 120.0
    /// Within this distance coordinates weigh as much as a street number.
    public static let nearMetres = 50.0

    public var features: [Feature]

    /// The sum of the features' points.
    public var score: Double { features.reduce(0) { $0 + $1.points } }

    /// Metres between the two, or nil when one has no coordinates.
    public var metres: Double? {
        for feature in features { if case .distance(let metres) = feature { return metres } }
        return nil
    }

    /// One line for an investigator: "same street number, room, street and district; 40 m apart".
    public var summary: String {
        let same = features.compactMap(\.sameWord)
        var parts: [String] = []
        if !same.isEmpty {
            parts.append("same " + (same.count == 1 ? same[0] : same.dropLast().joined(separator: ", ") + " and " + same.last!))
        }
        if let metres { parts.append("\(Int(metres.rounded())) m apart") } else { parts.append("no coordinates to compare") }
        for feature in features where feature.points < 0 { parts.append(feature.description) }
        return parts.joined(separator: "; ")
    }

    /// Every feature with its points, and the score: "street number 12 +4, room 301 +5, …; score 18".
    public var reason: String {
        features.map { feature in
            let points = feature.points
            let sign = points >= 0 ? "+" : "−"
            return "\(feature.description) \(sign)\(Int(abs(points)))"
        }.joined(separator: ", ") + "; score \(Int(score))"
    }

    /// Compares two normalised addresses. Returns nil when they cannot be one place (a number
    /// in the same role differs, a room on one side only, too far apart), else the match with
    /// its features, which may still score below ``threshold``.
    /// - Parameter metres: the distance between them, nil when one has no coordinates.
    public static func match(_ a: NormalizedAddress, _ b: NormalizedAddress, metres: Double?) -> AddressMatch? {
        compare(a, b, metres: metres).match
    }

    /// The match, or why the two cannot be one place.
    public static func compare(_ a: NormalizedAddress, _ b: NormalizedAddress, metres: Double?) -> (match: AddressMatch?, ruledOut: String?) {
        if let metres, metres > maximumMetres { return (nil, "\(Int(metres.rounded())) m apart (more than \(Int(maximumMetres)) m)") }
        var features: [Feature] = []
        var conflict: String?
        func compare(_ x: String?, _ y: String?, _ role: String, _ feature: (String) -> Feature) {
            guard conflict == nil, let x, let y else { return }
            if x == y { features.append(feature(x)) } else { conflict = "different \(role)s (\(x) / \(y))" }
        }
        // Numbers in the same role must agree; a room on one side only is a different place
        // (the room is not the building it is in).
        compare(a.house, b.house, "street number", Feature.streetNumber)
        if conflict == nil, (a.unit == nil) != (b.unit == nil) { conflict = "a room (\(a.unit ?? b.unit ?? "")) on one side only" }
        compare(a.unit, b.unit, "room", Feature.room)
        compare(a.building, b.building, "building", Feature.building)
        compare(a.floor, b.floor, "floor", Feature.floor)
        compare(a.lane, b.lane, "lane", Feature.lane)
        if conflict == nil, !a.otherNumbers.isEmpty, !b.otherNumbers.isEmpty, a.otherNumbers != b.otherNumbers {
            conflict = "different other numbers (\(a.otherNumbers.joined(separator: " ")) / \(b.otherNumbers.joined(separator: " ")))"
        }
        if let conflict { return (nil, conflict) }
        if (a.building == nil) != (b.building == nil) { features.append(.buildingOnOneSide) }

        if !a.streets.isEmpty, !b.streets.isEmpty {
            let across = a.streetScript != b.streetScript
            if let key = sharedStreet(a.streets, b.streets) {
                features.append(.street(key: key, first: a.streetText, second: b.streetText, acrossScripts: across))
            } else {
                features.append(.streetDiffers(first: a.streetText, second: b.streetText, acrossScripts: across))
            }
        }
        if !a.districts.isEmpty, !b.districts.isEmpty {
            if let district = sharedName(a.districts, b.districts) { features.append(.district(district)) }
            else { features.append(.districtDiffers(first: a.districts[0], second: b.districts[0])) }
        } else if let district = sharedName(a.districts, b.words + b.hanziWords) ?? sharedName(b.districts, a.words + a.hanziWords) {
            // A district written with its marker on one side, without it on the other ("Baiyun").
            features.append(.district(district))
        } else if let (district, words) = a.districts.first.map({ ($0, b.words + b.hanziWords) }) ?? b.districts.first.map({ ($0, a.words + a.hanziWords) }),
                  !words.isEmpty {
            // Street names repeat across a Chinese city's districts; a terse spelling keeps its
            // district as a bare word, so place words without it weigh against.
            features.append(.districtNotAmongWords(district))
        } else if a.districts.isEmpty, b.districts.isEmpty {
            // No district marked on either side: the bare place words stand for it ("…Rd Longhua
            // Shenzhen" / "…Rd Futian Shenzhen"). Compared within one script only: Hong Kong's
            // districts are Cantonese in Latin letters (Mong Kok) and not the pinyin of 旺角.
            for (first, second) in [(a.words, b.words), (a.hanziWords, b.hanziWords)] where !first.isEmpty && !second.isEmpty {
                if sharedName(first, second) == nil {
                    features.append(.placeWordsDiffer(first: first.joined(separator: " "), second: second.joined(separator: " ")))
                    break
                }
            }
        }
        if !a.city.isEmpty, !b.city.isEmpty {
            features.append(a.city == b.city ? .city(a.city) : .cityDiffers(first: a.city, second: b.city))
        }
        features.append(metres.map { .distance(metres: $0) } ?? .noCoordinates)
        return (AddressMatch(features: features), nil)
    }

    /// A street key both have. Keys match when equal, or when one name ends with the other and
    /// the directions agree ("baiyunxingfu" written without a comma, and "xingfu").
    static func sharedStreet(_ first: [String], _ second: [String]) -> String? {
        for x in first {
            for y in second {
                if x == y { return x }
                let (xName, xDirection) = split(x), (yName, yDirection) = split(y)
                guard xDirection == yDirection, min(xName.count, yName.count) >= 4 else { continue }
                if xName.hasSuffix(yName) { return y }
                if yName.hasSuffix(xName) { return x }
            }
        }
        return nil
    }

    /// A name both have, equal or one a prefix of the other ("pudong" and "pudongxin" for 浦东新区).
    static func sharedName(_ first: [String], _ second: [String]) -> String? {
        for x in first {
            for y in second where x == y || (min(x.count, y.count) >= 3 && (x.hasPrefix(y) || y.hasPrefix(x))) {
                return x.count <= y.count ? x : y
            }
        }
        return nil
    }

    private static func split(_ key: String) -> (Substring, Substring) {
        guard let bar = key.firstIndex(of: "|") else { return (Substring(key), "") }
        return (key[..<bar], key[key.index(after: bar)...])
    }
}
