import Foundation
import Parallel

/// Finds the addresses that are one physical place written several ways, and says why.
///
/// Each address is normalised (``AddressNormalizer``); candidate pairs come from blocks, so
/// that no all-pairs comparison is made; each candidate is scored (``AddressMatch``) and those
/// reaching ``AddressMatch/threshold`` are merged, strongest first, into clusters.
///
/// **Blocking.** Two spellings of one place share their street number (or, without one, their
/// room), so blocks are keyed by it:
/// - addresses with coordinates: the same street number in the same or a neighbouring cell of
///   a ~220 m grid (a pair farther apart than ``AddressMatch/maximumMetres`` is never one place);
/// - pairs where one side has no coordinates: the same city, street number and room (or, for an
///   address without a room, the same city, street number and street name).
/// Blocks larger than ``blockLimit`` are skipped rather than compared pairwise.
///
/// **Conservative clustering.** Merges are applied strongest first, and a merge that would put
/// into one cluster two addresses more than twice ``AddressMatch/maximumMetres`` apart, or two
/// different street numbers, rooms or buildings (through a third spelling that lacks one of
/// them), is refused. A hub (an address used by more sellers than the hub limit: a logistics
/// warehouse) never merges with an address that is not a hub, so a ring's return address can
/// never be absorbed by a warehouse at the same street number.
///
/// - Complexity: O(n · b) comparisons for n addresses and blocks of b addresses (b ≤ ``blockLimit``),
///   plus O(m log m) for m candidate merges.
public struct AddressResolver: Sendable {
    /// One merge: two addresses taken for one place, and why.
    public struct Merge: Sendable, Equatable {
        public var first: Int32
        public var second: Int32
        public var match: AddressMatch

        public var metres: Double? { match.metres }
        public var score: Double { match.score }
    }

    /// Blocks larger than this are not compared (a city-wide street number with no room).
    public static let blockLimit = 400
    /// Grid cell in degrees of latitude (~220 m): with the neighbouring cells it covers every
    /// pair within ``AddressMatch/maximumMetres``.
    static let cell = 0.002

    /// For each address, the index of its cluster's representative (the smallest index).
    public var representative: [Int32]
    /// The merges that joined clusters, by (first, second): a spanning forest of the clusters.
    public var merges: [Merge]
    /// Candidate pairs compared (for measurements).
    public var comparisons: Int

    /// Resolves the addresses of `network` (`text`, `city`, `lat`, `lon` of `addresses.csv`).
    /// - Parameters:
    ///   - isHub: addresses used by so many sellers that they are hubs; a hub merges only with
    ///     another hub.
    ///   - threads: threads to normalise the texts on (the result is the same for any number).
    public init(network: SellerNetwork, isHub: (Int32) -> Bool = { _ in false }, threads: Int = 1) {
        let table = network.table(.address)
        let count = table.count
        let texts = table.columnNames.firstIndex(of: "text").map { table.columns[$0] } ?? Array(repeating: "", count: count)
        let cities = table.columnNames.firstIndex(of: "city").map { table.columns[$0] } ?? Array(repeating: "", count: count)
        self.init(texts: texts, cities: cities, latitudes: table.latitudes, longitudes: table.longitudes, isHub: isHub, threads: threads)
    }

    /// Resolves addresses given column-wise (`nan` coordinates when unknown).
    public init(texts: [String], cities: [String], latitudes: [Double], longitudes: [Double], isHub: (Int32) -> Bool = { _ in false },
                threads: Int = 1) {
        let count = texts.count
        let normalized = AddressResolver.normalize(texts: texts, cities: cities, threads: threads)
        let hub = (0 ..< Int32(count)).map(isHub)
        func hasCoordinates(_ address: Int32) -> Bool { latitudes[Int(address)].isFinite && longitudes[Int(address)].isFinite }

        // Interned block keys.
        var names: [String: Int32] = [:]
        func intern(_ name: String) -> Int32 {
            if let known = names[name] { return known }
            let id = Int32(names.count)
            names[name] = id
            return id
        }
        var pairs: [Int64] = []
        func addPairs(_ members: [Int32], onlyWithoutCoordinates: Bool) {
            guard members.count >= 2, members.count <= AddressResolver.blockLimit else { return }
            for (position, a) in members.enumerated() {
                for b in members[(position + 1)...] where !onlyWithoutCoordinates || !hasCoordinates(a) || !hasCoordinates(b) {
                    pairs.append(Int64(min(a, b)) << 32 | Int64(max(a, b)))
                }
            }
        }

        // Spatial blocks: street number (or room) in a grid cell.
        struct CellKey: Hashable { var row: Int32; var column: Int32; var name: Int32 }
        var grid: [CellKey: [Int32]] = [:]
        let cell = AddressResolver.cell
        for address in 0 ..< Int32(count) where hasCoordinates(address) {
            let parts = normalized[Int(address)]
            guard let name = parts.house.map({ "h" + $0 }) ?? parts.unit.map({ "u" + $0 }) else { continue }
            let key = CellKey(row: Int32((latitudes[Int(address)] / cell).rounded(.down)),
                              column: Int32((longitudes[Int(address)] / cell).rounded(.down)), name: intern(name))
            grid[key, default: []].append(address)
        }
        for (key, members) in grid where members.count <= AddressResolver.blockLimit {
            for dr: Int32 in -1 ... 1 {
                for dc: Int32 in -1 ... 1 {
                    let neighbour = CellKey(row: key.row + dr, column: key.column + dc, name: key.name)
                    guard let others = grid[neighbour], others.count <= AddressResolver.blockLimit else { continue }
                    for a in members { for b in others where a < b { pairs.append(Int64(a) << 32 | Int64(b)) } }
                }
            }
        }
        // Text blocks, for pairs where one side has no coordinates.
        var textBlocks: [[Int32]: [Int32]] = [:]
        for address in 0 ..< Int32(count) {
            let parts = normalized[Int(address)]
            guard !parts.city.isEmpty, parts.house != nil || parts.unit != nil else { continue }
            let city = intern("c" + parts.city), house = intern("h" + (parts.house ?? ""))
            if let unit = parts.unit {
                textBlocks[[city, house, intern("u" + unit)], default: []].append(address)
            } else {
                for street in parts.streets { textBlocks[[city, house, intern("s" + street)], default: []].append(address) }
            }
        }
        for members in textBlocks.values { addPairs(members, onlyWithoutCoordinates: true) }
        pairs.sort()
        var unique: [Int64] = []
        unique.reserveCapacity(pairs.count)
        for pair in pairs where unique.last != pair { unique.append(pair) }
        comparisons = unique.count

        // Score every candidate pair.
        var candidates: [Merge] = []
        for pair in unique {
            let a = Int32(truncatingIfNeeded: pair >> 32), b = Int32(truncatingIfNeeded: pair & 0xFFFF_FFFF)
            guard hub[Int(a)] == hub[Int(b)] else { continue }
            let metres: Double? = hasCoordinates(a) && hasCoordinates(b)
                ? AddressResolver.distance(latitudes[Int(a)], longitudes[Int(a)], latitudes[Int(b)], longitudes[Int(b)]) : nil
            guard let match = AddressMatch.match(normalized[Int(a)], normalized[Int(b)], metres: metres),
                  match.score >= AddressMatch.threshold else { continue }
            candidates.append(Merge(first: a, second: b, match: match))
        }
        candidates.sort { $0.score != $1.score ? $0.score > $1.score : ($0.first, $0.second) < ($1.first, $1.second) }

        // Strongest first, refusing merges that would make a cluster inconsistent.
        var clusters = (0 ..< count).map { index in
            ClusterSummary(normalized[index], latitude: latitudes[index], longitude: longitudes[index])
        }
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
        for candidate in candidates {
            let rootA = find(candidate.first), rootB = find(candidate.second)
            guard rootA != rootB, let joined = clusters[Int(rootA)].joined(with: clusters[Int(rootB)]) else { continue }
            let (root, child) = rootA < rootB ? (rootA, rootB) : (rootB, rootA)
            parent[Int(child)] = root
            clusters[Int(root)] = joined
            merges.append(candidate)
        }
        self.merges = merges.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
        representative = (0 ..< Int32(count)).map { find($0) }
    }

    /// Every address normalised, in contiguous chunks on up to `threads` threads, each chunk
    /// with its own cache of pinyin readings. Normalising is most of the resolver's time
    /// (~1.2 µs of ICU-free work per address, ICU once per distinct name).
    static func normalize(texts: [String], cities: [String], threads: Int) -> [NormalizedAddress] {
        let count = texts.count
        let parts = max(1, min(threads, count / 2_000))
        let chunks = concurrentMap(parts, threads: parts) { part in
            var normalizer = AddressNormalizer()
            return ((part * count / parts) ..< ((part + 1) * count / parts)).map {
                normalizer.normalize(text: texts[$0], city: cities[$0])
            }
        }
        return Array(chunks.joined())
    }

    /// The merges within the clusters of `addresses` (for a referral: how the ring's addresses
    /// were resolved), by (first, second).
    public func merges(touching addresses: some Sequence<Int32>) -> [Merge] {
        let clusters = Set(addresses.map { representative[Int($0)] })
        return merges.filter { clusters.contains(representative[Int($0.first)]) }
    }

    /// How two addresses of `network` compare: what was read from each, and their match with
    /// its features and score, or why they cannot be one place (for `resolve --explain`).
    public static func explain(_ first: Int32, _ second: Int32, in network: SellerNetwork) -> String {
        let table = network.table(.address)
        var normalizer = AddressNormalizer()
        var lines: [String] = []
        var parts: [NormalizedAddress] = []
        for address in [first, second] {
            let normalized = normalizer.normalize(text: table.attribute("text", of: address), city: table.attribute("city", of: address))
            parts.append(normalized)
            lines.append("\(network.id(.address, address)): \(table.attribute("text", of: address))")
            lines.append("    read as: \(normalized.description)")
        }
        let (latA, lonA) = (table.latitudes[Int(first)], table.longitudes[Int(first)])
        let (latB, lonB) = (table.latitudes[Int(second)], table.longitudes[Int(second)])
        let metres: Double? = latA.isFinite && lonA.isFinite && latB.isFinite && lonB.isFinite ? distance(latA, lonA, latB, lonB) : nil
        let (match, ruledOut) = AddressMatch.compare(parts[0], parts[1], metres: metres)
        if let match {
            let verdict = match.score >= AddressMatch.threshold ? "one place" : "below the threshold of \(Int(AddressMatch.threshold)): not merged"
            lines.append("\(match.reason) — \(verdict)")
        } else {
            lines.append("not one place: \(ruledOut ?? "")")
        }
        return lines.joined(separator: "\n")
    }

    /// Great-circle distance in metres (haversine).
    static func distance(_ latA: Double, _ lonA: Double, _ latB: Double, _ lonB: Double) -> Double {
        let radians = Double.pi / 180
        let dLat = (latB - latA) * radians, dLon = (lonB - lonA) * radians
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(latA * radians) * cos(latB * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6_371_000 * asin(min(1, sqrt(h)))
    }
}

/// What a cluster must keep consistent: the extent of its coordinates and its numbers.
struct ClusterSummary: Sendable {
    var minLatitude = Double.infinity, maxLatitude = -Double.infinity
    var minLongitude = Double.infinity, maxLongitude = -Double.infinity
    var house: String?
    var unit: String?
    var building: String?

    init(_ parts: NormalizedAddress, latitude: Double, longitude: Double) {
        if latitude.isFinite, longitude.isFinite {
            minLatitude = latitude; maxLatitude = latitude
            minLongitude = longitude; maxLongitude = longitude
        }
        house = parts.house
        unit = parts.unit
        building = parts.building
    }

    /// The union, or nil if it would hold two different numbers in one role, or coordinates
    /// more than twice ``AddressMatch/maximumMetres`` apart.
    func joined(with other: ClusterSummary) -> ClusterSummary? {
        func merge(_ x: String?, _ y: String?) -> (ok: Bool, value: String?) {
            guard let x, let y else { return (true, x ?? y) }
            return (x == y, x)
        }
        let house = merge(self.house, other.house), unit = merge(self.unit, other.unit), building = merge(self.building, other.building)
        guard house.ok, unit.ok, building.ok else { return nil }
        var result = self
        result.house = house.value
        result.unit = unit.value
        result.building = building.value
        result.minLatitude = min(minLatitude, other.minLatitude)
        result.maxLatitude = max(maxLatitude, other.maxLatitude)
        result.minLongitude = min(minLongitude, other.minLongitude)
        result.maxLongitude = max(maxLongitude, other.maxLongitude)
        if result.minLatitude.isFinite,
           AddressResolver.distance(result.minLatitude, result.minLongitude, result.maxLatitude, result.maxLongitude) > 2 * AddressMatch.maximumMetres {
            return nil
        }
        return result
    }
}
