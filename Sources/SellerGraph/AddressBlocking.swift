import Foundation

/// The rules that choose which pairs of addresses are compared, as Splink's blocking rules do:
/// two addresses are compared only when they share a rule's key, so the number of pairs grows
/// with the number of addresses, never with its square. Blocks larger than a rule's limit are
/// skipped (a city-wide street number 1 says nothing by itself).
public enum BlockingRule: Int, CaseIterable, Sendable {
    /// The same postcode.
    case postcode
    /// The same city, street number and a street key ("guangzhou" + "12" + "xingfu").
    case streetNumberAndStreet
    /// The same city, compound name and building (东泰花园 + 3幢).
    case compound
    /// The same city, street number and room, without a street ("No. 12, Room 301" / "12号301室").
    case numberAndRoom
    /// The same room (or building) within about 150 m (a grid of 0.0015° and its neighbouring
    /// cells), whatever the text around it.
    case nearby
    /// The same street number and room (or building) within about a kilometre (a grid of 0.006°
    /// and its neighbours): two spellings are often geocoded hundreds of metres apart.
    case numberWithinKilometre

    /// The parts this rule's pairs agree on by construction: an EM session on the rule's pairs
    /// cannot learn their m-probabilities, so it leaves them out (as Splink does).
    public var fixedParts: Set<AddressPart> {
        switch self {
        case .postcode: [.postcode]
        case .streetNumberAndStreet: [.streetNumber, .street, .city]
        case .compound: [.compound, .building, .city]
        case .numberAndRoom: [.streetNumber, .room, .city]
        case .nearby: [.distance, .room]
        case .numberWithinKilometre: [.streetNumber, .distance, .room]
        }
    }

    /// Whether an EM session is run on this rule's pairs. Spatial and postcode blocks hold
    /// mostly neighbours on one street, which agree on street, postcode and district without
    /// being one place: EM on them learns "neighbours", not "one place" (the conditional
    /// independence it assumes fails), so they serve for blocking only.
    public var trainsModel: Bool {
        switch self {
        case .streetNumberAndStreet, .numberAndRoom: true
        // Shops of one mall or tower share its name and building without being one place.
        case .postcode, .compound, .nearby, .numberWithinKilometre: false
        }
    }

    /// Blocks larger than this are not compared.
    public var blockLimit: Int {
        400
    }

    public var description: String {
        switch self {
        case .postcode: "postcode"
        case .streetNumberAndStreet: "street number + street"
        case .compound: "compound + building"
        case .numberAndRoom: "city + street number + room"
        case .nearby: "room within ~150 m"
        case .numberWithinKilometre: "street number and room within ~1 km"
        }
    }
}

/// Candidate pairs from every ``BlockingRule``: each pair once, with the rules that produced it.
struct CandidatePairs {
    /// Pairs (a < b) packed as `a << 32 | b`, sorted.
    var pairs: [Int64] = []
    /// For each pair, a bit per ``BlockingRule`` that produced it.
    var rules: [UInt8] = []
    /// Pairs each rule produced (before removing duplicates across rules).
    var perRule = [Int](repeating: 0, count: BlockingRule.allCases.count)

    /// Blocks the addresses.
    /// - Parameters:
    ///   - usable: addresses that may be compared at all (text that locates something).
    init(addresses: [ParsedAddress], latitudes: [Double], longitudes: [Double], usable: [Bool]) {
        var tagged: [(pair: Int64, rule: UInt8)] = []
        func addBlock(_ members: ArraySlice<Int32>, rule: BlockingRule) {
            guard members.count >= 2, members.count <= rule.blockLimit else { return }
            for (offset, a) in members.enumerated() {
                for b in members[(members.startIndex + offset + 1)...] where a != b {
                    tagged.append((Int64(min(a, b)) << 32 | Int64(max(a, b)), UInt8(1 << rule.rawValue)))
                }
            }
        }
        // A block of a key without the city (``byCity``): only pairs with the city on one side
        // at most; two rows with their cities are paired by the key with the city.
        // Skipped when those pairs are more than a block at the rule's limit has.
        func addCitylessBlock(_ members: ArraySlice<Int32>, rule: BlockingRule) {
            let without = members.filter { addresses[Int($0)].city.isEmpty }
            let limit = rule.blockLimit * (rule.blockLimit - 1) / 2
            guard !without.isEmpty, without.count * members.count <= limit else { return }
            for a in without {
                for b in members where b != a && (!addresses[Int(b)].city.isEmpty || b > a) {
                    tagged.append((Int64(min(a, b)) << 32 | Int64(max(a, b)), UInt8(1 << rule.rawValue)))
                }
            }
        }
        func blocks(_ rule: BlockingRule, pairing: (ArraySlice<Int32>, BlockingRule) -> Void = addBlock, keys: (Int) -> [UInt64]) {
            var entries: [(key: UInt64, address: Int32)] = []
            for index in addresses.indices where usable[index] {
                for key in keys(index) { entries.append((key, Int32(index))) }
            }
            entries.sort { $0.key != $1.key ? $0.key < $1.key : $0.address < $1.address }
            var start = 0
            while start < entries.count {
                var end = start + 1
                while end < entries.count, entries[end].key == entries[start].key { end += 1 }
                pairing(ArraySlice(entries[start ..< end].map(\.address)), rule)
                start = end
            }
        }
        func number(_ index: Int) -> String? { addresses[index].streetNumber.map { String($0.number) } }

        blocks(.postcode) { index in
            guard let postcode = addresses[index].postcode else { return [] }
            return [fingerprint("p", postcode)]
        }
        // Each key with the city and without it: an export often leaves the city column empty
        // on some rows (a courier's label, a registration without it), and a pair with the city
        // on one side only must still be compared. Pairs of two rows that both have their city
        // come from the key with the city only (``addCitylessBlock``): the key without it would
        // otherwise pair every "No. 12, Room 301" of a national export (91.5M pairs instead of
        // 12.2M on a generated 1.2M-address one). `keys(index, city)` are the rule's keys with
        // `city` in them.
        func byCity(_ rule: BlockingRule, keys: (Int, String) -> [UInt64]) {
            blocks(rule) { index in addresses[index].city.isEmpty ? [] : keys(index, addresses[index].city) }
            blocks(rule, pairing: addCitylessBlock) { index in keys(index, "") }
        }
        byCity(.streetNumberAndStreet) { index, city in
            guard let number = number(index) else { return [] }
            return addresses[index].street.keys.map { fingerprint("s", city, number, $0) }
        }
        byCity(.compound) { index, city in
            let address = addresses[index]
            return address.compound.coreKeys.prefix(6).map { fingerprint("c", city, $0, address.building ?? "") }
        }
        byCity(.numberAndRoom) { index, city in
            guard let number = number(index), let room = addresses[index].room else { return [] }
            return [fingerprint("r", city, number, room)]
        }
        // Spatial rules: a grid and its neighbouring cells.
        func spatial(_ rule: BlockingRule, cell: Double, name: (Int) -> String?) {
            var grid: [UInt64: [Int32]] = [:]
            var cells: [(row: Int32, column: Int32, name: UInt64, key: UInt64)] = []
            for index in addresses.indices where usable[index] && latitudes[index].isFinite && longitudes[index].isFinite {
                guard let label = name(index) else { continue }
                let row = Int32((latitudes[index] / cell).rounded(.down)), column = Int32((longitudes[index] / cell).rounded(.down))
                let nameKey = fingerprint(label)
                let key = CandidatePairs.cellKey(row, column, nameKey)
                if grid[key] == nil { cells.append((row, column, nameKey, key)) }
                grid[key, default: []].append(Int32(index))
            }
            for (row, column, nameKey, key) in cells {
                guard let members = grid[key], members.count <= rule.blockLimit else { continue }
                addBlock(ArraySlice(members), rule: rule)
                // Each neighbouring pair of cells once: the cell itself and four of its eight neighbours.
                for (dr, dc) in [(0, 1), (1, -1), (1, 0), (1, 1)] as [(Int32, Int32)] {
                    guard let others = grid[CandidatePairs.cellKey(row + dr, column + dc, nameKey)], others.count <= rule.blockLimit,
                          members.count * others.count <= rule.blockLimit * rule.blockLimit / 2 else { continue }
                    for a in members { for b in others { tagged.append((Int64(min(a, b)) << 32 | Int64(max(a, b)), UInt8(1 << rule.rawValue))) } }
                }
            }
        }
        func room(_ index: Int) -> String { addresses[index].room ?? addresses[index].building.map { "b" + $0 } ?? "-" }
        spatial(.nearby, cell: 0.0015) { room($0) }
        spatial(.numberWithinKilometre, cell: 0.006) { index in number(index).map { $0 + "#" + room(index) } }

        for entry in tagged { perRule[Int(entry.rule.trailingZeroBitCount)] += 1 }
        tagged.sort { $0.pair < $1.pair }
        pairs.reserveCapacity(tagged.count)
        rules.reserveCapacity(tagged.count)
        for entry in tagged {
            if pairs.last == entry.pair { rules[rules.count - 1] |= entry.rule } else { pairs.append(entry.pair); rules.append(entry.rule) }
        }
    }

    static func cellKey(_ row: Int32, _ column: Int32, _ name: UInt64) -> UInt64 {
        var hash = name
        for value in [UInt64(UInt32(bitPattern: row)), UInt64(UInt32(bitPattern: column))] { hash = (hash ^ value) &* 0x100_0000_01b3 ^ (hash >> 29) }
        return hash
    }
}

/// FNV-1a over the UTF-8 of `parts` with a separator: a deterministic block key (Swift's own
/// hashing is seeded per process, and outputs must not depend on it).
func fingerprint(_ parts: String...) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for part in parts {
        for byte in part.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash = (hash ^ 0x1F) &* 0x100_0000_01b3
    }
    return hash
}
