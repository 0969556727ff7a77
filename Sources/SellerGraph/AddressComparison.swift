import Foundation

/// The parts two addresses are compared on, each with graded levels, as in Splink's
/// comparisons: each level has an m-probability (how often two spellings of one place fall in
/// it) and a u-probability (how often two different places do), estimated from the data by
/// ``MatchModel``. A part absent from both sides (or coordinates missing on either) is *null*:
/// it says nothing and weighs 0.
public enum AddressPart: Int, CaseIterable, Sendable, Hashable {
    case streetNumber, street, compound, building, unit, floor, room, lane, box, postcode, district, city, distance

    /// The comparison levels of the part, strongest agreement first.
    public var levels: [ComparisonLevel] {
        switch self {
        case .streetNumber, .compound, .postcode: [.exact, .close, .oneSide, .different]
        case .street: [.exact, .close, .acrossScripts, .oneSide, .different]
        case .distance: [.within(50), .within(150), .within(500), .within(1_500), .within(5_000), .fartherThan(5_000)]
        default: [.exact, .oneSide, .different]
        }
    }

    /// The part's name in explanations ("street number", "room").
    public var name: String {
        switch self {
        case .streetNumber: "street number"
        case .street: "street"
        case .compound: "compound"
        case .building: "building"
        case .unit: "unit"
        case .floor: "floor"
        case .room: "room"
        case .lane: "lane"
        case .box: "box"
        case .postcode: "postcode"
        case .district: "district"
        case .city: "city"
        case .distance: "distance"
        }
    }

    /// Parts whose exact agreement is weighed by how common the value is (term frequency): a
    /// shared 人民路 or street number 1 says less than a shared 迎宾大道 or number 2187.
    public var usesTermFrequency: Bool {
        switch self {
        case .streetNumber, .street, .compound, .room, .postcode: true
        default: false
        }
    }
}

/// One level of a comparison.
public enum ComparisonLevel: Sendable, Equatable, CustomStringConvertible {
    /// The same value.
    case exact
    /// Nearly the same: a street number with a letter or range on one side ("30" / "30A",
    /// "7-11" / "7"), a name one or two edits apart or the same in pinyin but written with other
    /// characters (和田上城 / 贺田尚城), a compound of the same name and another kind (合丰小区 /
    /// 合丰花苑), postcodes of one sector ("M5B 2C1" / "M5B 1R7").
    case close
    /// Different names where one is in characters and the other in Latin letters: possibly a
    /// translation rather than another street.
    case acrossScripts
    /// Written on one side only.
    case oneSide
    case different
    /// Coordinates within this many metres (and farther than the level before).
    case within(Int)
    case fartherThan(Int)

    public var description: String {
        switch self {
        case .exact: "same"
        case .close: "close"
        case .acrossScripts: "different, across scripts"
        case .oneSide: "on one side only"
        case .different: "different"
        case .within(let metres): metres >= 1_000 ? "within \(Double(metres) / 1_000) km" : "within \(metres) m"
        case .fartherThan(let metres): "farther than \(metres / 1_000) km"
        }
    }
}

/// The levels of every part for one pair of addresses, four bits a part (``null`` when the
/// part is absent on both sides), and the shared values behind exact agreements (for term
/// frequencies). A value: comparing allocates nothing.
public struct ComparisonVector: Sendable, Hashable {
    public static let null: UInt8 = 0xF
    public private(set) var bits: UInt64 = .max

    public init() {}

    public subscript(part: AddressPart) -> UInt8 {
        get { UInt8(truncatingIfNeeded: bits >> (UInt64(part.rawValue) * 4)) & 0xF }
        set {
            let shift = UInt64(part.rawValue) * 4
            bits = (bits & ~(0xF << shift)) | (UInt64(newValue & 0xF) << shift)
        }
    }

    /// The level of `part`, nil when null.
    public func level(of part: AddressPart) -> ComparisonLevel? {
        let index = self[part]
        return index == ComparisonVector.null ? nil : part.levels[Int(index)]
    }
}

/// Compares two parsed addresses part by part (``compare(_:_:metres:)``).
public enum AddressComparison {
    /// The comparison vector of two addresses, and the shared values of exact agreements on
    /// term-frequency parts (street number, street, compound, room, postcode).
    /// - Parameter metres: the distance between them, nil when one has no coordinates.
    public static func compare(_ a: ParsedAddress, _ b: ParsedAddress, metres: Double?) -> (vector: ComparisonVector, shared: SharedValues) {
        var vector = ComparisonVector()
        var shared = SharedValues()
        func level(_ part: AddressPart, _ level: ComparisonLevel) {
            vector[part] = AddressComparison.index(part, level)
        }
        // Street number.
        switch (a.streetNumber, b.streetNumber) {
        case (nil, nil): break
        case (let x?, let y?):
            if x == y { level(.streetNumber, .exact); shared.streetNumber = x.description }
            else if x.isClose(to: y) { level(.streetNumber, .close) }
            else { level(.streetNumber, .different) }
        default: level(.streetNumber, .oneSide)
        }
        // Numbered parts: the same, on one side, or different (no array: this runs per pair).
        func numbered(_ part: AddressPart, _ x: String?, _ y: String?) {
            switch (x, y) {
            case (nil, nil): return
            case (let x?, let y?): level(part, x == y ? .exact : .different)
            default: level(part, .oneSide)
            }
        }
        numbered(.building, a.building, b.building)
        numbered(.unit, a.unit, b.unit)
        numbered(.floor, a.floor, b.floor)
        numbered(.room, a.room, b.room)
        numbered(.lane, a.lane, b.lane)
        numbered(.box, a.box, b.box)
        if vector[.room] == 0 { shared.room = a.room }
        // Postcode: the same, of one sector (the first three characters of a British or
        // Canadian code, the first four digits of a Chinese one), on one side, or different.
        switch (a.postcode, b.postcode) {
        case (nil, nil): break
        case (let x?, let y?):
            if x == y { level(.postcode, .exact); shared.postcode = x }
            else if x.count >= 5, y.count >= 5, x.prefix(x.count - 2) == y.prefix(y.count - 2) || sector(x) == sector(y) { level(.postcode, .close) }
            else { level(.postcode, .different) }
        default: level(.postcode, .oneSide)
        }
        // Street and compound names.
        if let (street, key) = compareNames(a.street, b.street, acrossScripts: true) {
            level(.street, street)
            shared.street = key
        }
        if let (compound, key) = compareNames(a.compound, b.compound, acrossScripts: false) {
            level(.compound, compound)
            shared.compound = key
        }
        // District: a district marked on one side may be among the other's bare words ("Baiyun").
        if !a.district.isEmpty, !b.district.isEmpty {
            level(.district, sharedName(a.district.keys, b.district.keys) != nil ? .exact : .different)
        } else if !a.district.isEmpty || !b.district.isEmpty {
            let (marked, other) = a.district.isEmpty ? (b, a) : (a, b)
            let named = sharedName(marked.district.keys, other.words) ?? sharedName(marked.district.keys, other.hanziWords)
            level(.district, named != nil ? .exact : .oneSide)
        }
        switch (a.city.isEmpty, b.city.isEmpty) {
        case (true, true): break
        case (false, false): level(.city, a.city == b.city ? .exact : .different)
        default: level(.city, .oneSide)
        }
        if let metres {
            let bands = [50.0, 150, 500, 1_500, 5_000]
            vector[.distance] = UInt8(bands.firstIndex { metres <= $0 } ?? bands.count)
        }
        return (vector, shared)
    }

    /// Whether two addresses agree exactly once normalised, the deterministic rule applied before
    /// the probabilistic one (as Splink puts exact-match rules first): both write a complete
    /// locator (street number and street, or compound and building), every locating part that
    /// either side writes (street number, street, compound, building, unit, floor, room, lane, box)
    /// is written on both and the same, the postcode, district and city do not differ where both
    /// write them, and the coordinates, when both have them, are within 1.5 km (a geocoder's
    /// error, not another place). Such a pair is one address whatever the prior and the term
    /// frequencies say: many rows sharing "4400 Forbes Ave" (a mall's shops) make the number
    /// common, not two spellings of it less alike.
    public static func isExactAgreement(_ vector: ComparisonVector) -> Bool {
        let locating: [AddressPart] = [.streetNumber, .street, .compound, .building, .unit, .floor, .room, .lane, .box]
        for part in locating where vector[part] != ComparisonVector.null && vector[part] != 0 { return false }
        let byStreet = vector[.streetNumber] == 0 && vector[.street] == 0
        let byCompound = vector[.compound] == 0 && vector[.building] == 0
        guard byStreet || byCompound else { return false }
        for part in [AddressPart.postcode, .district, .city] {
            let level = vector.level(of: part)
            if level == .different || level == .close { return false }
        }
        if let distance = vector.level(of: .distance), case .fartherThan = distance { return false }
        if vector.level(of: .distance) == .within(5_000) { return false }
        return true
    }

    /// The index of `level` among `part`'s levels (a table: this runs for every part of every pair).
    static func index(_ part: AddressPart, _ level: ComparisonLevel) -> UInt8 {
        levelIndex[part.rawValue].first { $0.level == level }!.index
    }
    static let levelIndex: [[(level: ComparisonLevel, index: UInt8)]] = AddressPart.allCases.map { part in
        part.levels.enumerated().map { ($0.element, UInt8($0.offset)) }
    }

    /// The shared values behind exact agreements, for term-frequency adjustments.
    public struct SharedValues: Sendable, Equatable {
        public var streetNumber: String?
        public var street: String?
        public var compound: String?
        public var room: String?
        public var postcode: String?

        public init() {}

        public func value(of part: AddressPart) -> String? {
            switch part {
            case .streetNumber: streetNumber
            case .street: street
            case .compound: compound
            case .room: room
            case .postcode: postcode
            default: nil
            }
        }
    }

    /// The sector of a British or Canadian postcode (its outward code: "M5B", "EH6"), or the
    /// first four digits of a numeric one.
    static func sector(_ postcode: String) -> Substring {
        if postcode.allSatisfy(\.isNumber) { return postcode.prefix(4) }
        return postcode.dropLast(3)
    }

    /// How two names compare, and the shared key when they agree exactly; nil when neither has one.
    static func compareNames(_ a: ParsedAddress.Name, _ b: ParsedAddress.Name, acrossScripts: Bool) -> (ComparisonLevel, String?)? {
        if a.isEmpty && b.isEmpty { return nil }
        if a.isEmpty || b.isEmpty { return (.oneSide, nil) }
        if let key = sharedStreet(a.keys, b.keys) {
            // The same pinyin written with other characters (和田上城 / 贺田尚城): a homophone
            // typed by an input method, close rather than the same.
            if a.script == .hanzi, b.script == .hanzi, a.text != b.text, !a.text.hasSuffix(b.text), !b.text.hasSuffix(a.text) {
                return (.close, nil)
            }
            return (.exact, key)
        }
        if sharedName(a.coreKeys.prefix(8), b.coreKeys.prefix(8)) != nil { return (.close, nil) }
        if isWithinEdits(a.keys, b.keys) { return (.close, nil) }
        if acrossScripts, a.script != b.script { return (.acrossScripts, nil) }
        return (.different, nil)
    }

    /// A key both have. Keys match when equal, or when one name ends with the other and the
    /// directions agree ("baiyunxingfu" written without a comma, and "xingfu").
    static func sharedStreet(_ first: [String], _ second: [String]) -> String? {
        for x in first where second.contains(x) { return x }
        // Suffixes matter for Latin names run together ("baiyunxingfu"); Chinese names already
        // carry their two- to four-character endings as keys, so the first few keys suffice.
        for x in first.prefix(4) {
            for y in second.prefix(4) where x.utf8.last == y.utf8.last {
                let (xName, xDirection) = split(x), (yName, yDirection) = split(y)
                guard xDirection == yDirection, min(xName.utf8.count, yName.utf8.count) >= 4 else { continue }
                if xName.hasSuffix(yName) { return y }
                if yName.hasSuffix(xName) { return x }
            }
        }
        return nil
    }

    /// A name both have, equal or one a prefix of the other ("pudong" and "pudongxin" for 浦东新区).
    static func sharedName(_ first: some Collection<String>, _ second: some Collection<String>) -> String? {
        for x in first {
            for y in second where x == y || (min(x.count, y.count) >= 3 && (x.hasPrefix(y) || y.hasPrefix(x))) {
                return x.count <= y.count ? x : y
            }
        }
        return nil
    }

    /// Whether some key of each side are within a small edit distance: one edit for names of
    /// five to eight letters, two from nine ("adelaide" / "adelade"), with the same direction;
    /// two letters swapped are one edit ("fsoter" / "foster").
    static func isWithinEdits(_ first: [String], _ second: [String]) -> Bool {
        for x in first.prefix(4) {
            for y in second.prefix(4) {
                let (xName, xDirection) = split(x), (yName, yDirection) = split(y)
                guard xDirection == yDirection else { continue }
                let shorter = min(xName.utf8.count, yName.utf8.count)
                guard shorter >= 5 else { continue }
                let allowed = shorter >= 9 ? 2 : 1
                guard abs(xName.utf8.count - yName.utf8.count) <= allowed else { continue }
                // Without copying the bytes when the strings are native (they are).
                let within = xName.utf8.withContiguousStorageIfAvailable { a in
                    yName.utf8.withContiguousStorageIfAvailable { b in isWithin(a[...], b[...], edits: allowed) }
                } ?? nil
                if within ?? Array(xName.utf8).withUnsafeBufferPointer({ a in Array(yName.utf8).withUnsafeBufferPointer { b in isWithin(a[...], b[...], edits: allowed) } }) {
                    return true
                }
            }
        }
        return false
    }

    /// Whether two byte strings are at most `edits` edits apart (``BoundedEdits``).
    static func isWithin(_ a: Slice<UnsafeBufferPointer<UInt8>>, _ b: Slice<UnsafeBufferPointer<UInt8>>, edits: Int) -> Bool {
        BoundedEdits.isWithin(a, b, edits: edits, transpositions: true)
    }

    static func split(_ key: String) -> (Substring, Substring) {
        guard let bar = key.firstIndex(of: "|") else { return (Substring(key), "") }
        return (key[..<bar], key[key.index(after: bar)...])
    }
}
