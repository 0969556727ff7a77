import Foundation

/// Finds the addresses that are one physical place written several ways, and says why.
///
/// Two addresses are merged when their numbers agree — one's house, building, floor and room
/// numbers are all among the other's, with at least two in common — and either they lie within
/// ``maximumMetres`` of each other, or (when one has no coordinates) they are in the same city
/// have exactly the same numbers and the same street name. Everything else stays apart, conservatively:
/// different rooms of one building have different room numbers and never merge; an address
/// with a single number never merges on it; hubs (addresses used by more than the hub limit of
/// sellers) are never merged with anything, so a ring's return address cannot be absorbed by
/// a logistics warehouse.
///
/// Blocking keeps it near-linear: addresses with coordinates are compared only with those in
/// the same or a neighbouring cell of a ~220 m grid; addresses without coordinates only with
/// those of the same city that share a pair of numbers. No all-pairs comparison is made.
///
/// - Complexity: O(n · b) for n addresses and blocks of b addresses (capped at ``blockLimit``).
public struct AddressResolver: Sendable {
    /// One merge and the features that produced it.
    public struct Merge: Sendable, Equatable {
        public var first: Int32
        public var second: Int32
        /// Metres between them, or nil when one has no coordinates.
        public var metres: Double?
        public var sharedNumbers: [Int]
        public var reason: String
    }

    /// Addresses farther apart than this are different places, whatever their text.
    public static let maximumMetres = 120.0
    /// Blocks larger than this are not compared (a city-wide number pair such as "1, 2").
    public static let blockLimit = 400
    /// Grid cell in degrees of latitude (~220 m).
    static let cell = 0.002

    /// For each address, the index of its cluster's representative (the smallest index).
    public var representative: [Int32]
    public var merges: [Merge]
    public var normalized: [NormalizedAddress]

    /// Resolves the addresses of `network`; `excluded` marks addresses never to merge (hubs).
    public init(network: SellerNetwork, excluded: (Int32) -> Bool = { _ in false }) {
        let table = network.table(.address)
        let count = table.count
        let texts = table.columnNames.firstIndex(of: "text").map { table.columns[$0] } ?? Array(repeating: "", count: count)
        let cities = table.columnNames.firstIndex(of: "city").map { table.columns[$0] } ?? Array(repeating: "", count: count)
        let normalized = (0 ..< count).map { AddressNormalizer.normalize(text: texts[$0], city: cities[$0]) }
        self.normalized = normalized
        var parent = (0 ..< Int32(count)).map { $0 }
        func find(_ node: Int32) -> Int32 {
            var node = node
            while parent[Int(node)] != node {
                parent[Int(node)] = parent[Int(parent[Int(node)])]
                node = parent[Int(node)]
            }
            return node
        }
        var merges: [Merge] = []
        var considered = Set<Int64>()

        func consider(_ a: Int32, _ b: Int32) {
            let (first, second) = a < b ? (a, b) : (b, a)
            guard considered.insert(Int64(first) << 32 | Int64(second)).inserted else { return }
            guard let merge = AddressResolver.match(first, second, normalized, table) else { return }
            merges.append(merge)
            let rootA = find(first), rootB = find(second)
            if rootA != rootB { parent[Int(max(rootA, rootB))] = min(rootA, rootB) }
        }

        let candidates = (0 ..< Int32(count)).filter { !excluded($0) && normalized[Int($0)].numbers.count >= 2 }
        // Spatial blocks.
        var grid: [Int64: [Int32]] = [:]
        func key(_ row: Int, _ column: Int) -> Int64 { Int64(row) << 32 | Int64(UInt32(bitPattern: Int32(truncatingIfNeeded: column))) }
        let cell = AddressResolver.cell
        for address in candidates where table.latitudes[Int(address)].isFinite && table.longitudes[Int(address)].isFinite {
            let row = Int((table.latitudes[Int(address)] / cell).rounded(.down))
            let column = Int((table.longitudes[Int(address)] / cell).rounded(.down))
            grid[key(row, column), default: []].append(address)
        }
        for (cellKey, members) in grid.sorted(by: { $0.key < $1.key }) {
            let row = Int(cellKey >> 32), column = Int(Int32(truncatingIfNeeded: cellKey))
            var neighbours: [Int32] = []
            for dr in -1 ... 1 { for dc in -1 ... 1 { neighbours += grid[key(row + dr, column + dc)] ?? [] } }
            guard neighbours.count <= AddressResolver.blockLimit * 9 else { continue }
            for a in members { for b in neighbours where a < b { consider(a, b) } }
        }
        // Text blocks, for pairs where one side has no coordinates: same city, a shared pair of numbers.
        var textBlocks: [String: [Int32]] = [:]
        for address in candidates {
            let parts = normalized[Int(address)]
            guard !parts.city.isEmpty else { continue }
            let numbers = parts.numbers
            for i in numbers.indices { for j in numbers.indices where j > i {
                textBlocks["\(parts.city)|\(numbers[i])|\(numbers[j])", default: []].append(address)
            } }
        }
        for (_, members) in textBlocks.sorted(by: { $0.key < $1.key }) where members.count >= 2 && members.count <= AddressResolver.blockLimit {
            for (position, a) in members.enumerated() {
                for b in members[(position + 1)...] {
                    let hasBoth = table.latitudes[Int(a)].isFinite && table.latitudes[Int(b)].isFinite
                    if !hasBoth { consider(a, b) }
                }
            }
        }
        self.merges = merges.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
        representative = (0 ..< Int32(count)).map { find($0) }
    }

    /// The merge of two addresses, or nil if they are different places.
    static func match(_ a: Int32, _ b: Int32, _ normalized: [NormalizedAddress], _ table: EntityTable) -> Merge? {
        let first = normalized[Int(a)], second = normalized[Int(b)]
        let setA = Set(first.numbers), setB = Set(second.numbers)
        let shared = setA.intersection(setB)
        guard shared.count >= 2, setA.isSubset(of: setB) || setB.isSubset(of: setA) else { return nil }
        let sharedNumbers = shared.sorted()
        let numberText = sharedNumbers.map(String.init).joined(separator: ", ")
        let sameCity = !first.city.isEmpty && first.city == second.city
        let sharedWords = first.words.intersection(second.words).union(first.hanzi.intersection(second.hanzi))
        let latA = table.latitudes[Int(a)], lonA = table.longitudes[Int(a)]
        let latB = table.latitudes[Int(b)], lonB = table.longitudes[Int(b)]
        if latA.isFinite, lonA.isFinite, latB.isFinite, lonB.isFinite {
            let metres = distance(latA, lonA, latB, lonB)
            guard metres <= maximumMetres else { return nil }
            if !first.city.isEmpty && !second.city.isEmpty && !sameCity && sharedWords.isEmpty && shared.count < 3 { return nil }
            return Merge(first: a, second: b, metres: metres, sharedNumbers: sharedNumbers,
                         reason: "same numbers \(numberText); \(Int(metres.rounded())) m apart" + (sharedWords.isEmpty ? "" : "; same words \(sharedWords.sorted().joined(separator: ", "))"))
        }
        // Without coordinates, text alone must agree: the same numbers exactly (a building
        // number that one spelling leaves out is no longer excused) and the same street name.
        let sharedStreets = first.streets.intersection(second.streets)
        guard sameCity else { return nil }
        if shared.count >= 3, let largest = sharedNumbers.last, largest >= 100 {
            // House, building and room (or floor) numbers all agree: specific enough across
            // scripts, where street names cannot be compared ("Huanshi Road", 环市路).
            return Merge(first: a, second: b, metres: nil, sharedNumbers: sharedNumbers,
                         reason: "same house, building and room numbers \(numberText) in \(first.city); no coordinates to compare")
        }
        guard setA == setB, !sharedStreets.isEmpty else { return nil }
        return Merge(first: a, second: b, metres: nil, sharedNumbers: sharedNumbers,
                     reason: "same numbers \(numberText) on \(sharedStreets.sorted().joined(separator: ", ")) street in \(first.city); no coordinates to compare")
    }

    /// Great-circle distance in metres (haversine).
    static func distance(_ latA: Double, _ lonA: Double, _ latB: Double, _ lonB: Double) -> Double {
        let radians = Double.pi / 180
        let dLat = (latB - latA) * radians, dLon = (lonB - lonA) * radians
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(latA * radians) * cos(latB * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6_371_000 * asin(min(1, sqrt(h)))
    }
}
