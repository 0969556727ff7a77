import Foundation
import Parallel

/// Finds the addresses that are one physical place written several ways, and says why:
/// probabilistic record linkage in the manner of Fellegi and Sunter, as Splink does it.
///
/// 1. Every address is parsed into labelled parts (``AddressParser``).
/// 2. Candidate pairs come from blocking rules (``BlockingRule``: postcode, street number and
///    street, compound and building, number and room, nearness at two grid sizes), never all pairs.
/// 3. Each candidate pair is compared part by part into graded levels (``AddressComparison``).
/// 4. The m- and u-probabilities of every level and the prior are estimated from this dataset
///    (``MatchModel``: u from random pairs, m and λ by EM, term frequencies for names and numbers).
/// 5. Pairs whose match probability reaches ``threshold`` are merged, strongest first, into
///    clusters that must stay coherent.
///
/// **Conservative rules**, because a wrong merge links two honest sellers or hides a ring:
/// - a cluster never holds two different street numbers (30 and 30A are one number written more
///   or less fully; 30A and 30B are two), rooms, units, buildings, lanes, boxes or postcode
///   sectors, nor points more than ``clusterExtentMetres`` apart, whatever chain of spellings
///   would join them: a merge that would do so is refused;
/// - a hub (an address used by more sellers than the hub limit: a logistics warehouse) merges
///   only with another hub, so a ring's return address cannot vanish into a warehouse.
///
/// Coordinates (0, 0) or out of range are treated as missing.
///
/// - Complexity: O(n · b) comparisons for n addresses and blocks of at most b addresses, plus
///   O(p log p) to sort p candidate pairs; EM is linear in the distinct comparison vectors.
public struct AddressResolver: Sendable {
    /// One merge: two addresses taken for one place, and why.
    public struct Merge: Sendable, Equatable {
        public var first: Int32
        public var second: Int32
        public var match: AddressMatch

        public var metres: Double? { match.metres }
        /// The match weight.
        public var score: Double { match.weight }
        public var probability: Double { match.probability }
    }

    /// Match probability at which two addresses are one place. High on purpose: a false merge
    /// links sellers, a missed one only leaves two spellings apart.
    public static let threshold = 0.99
    /// The largest extent of one cluster's coordinates: two spellings may be geocoded a
    /// kilometre apart, but a place is not three kilometres wide.
    public static let clusterExtentMetres = 2_500.0

    /// For each address, the index of its cluster's representative (the smallest index).
    public var representative: [Int32]
    /// The merges that joined clusters, by (first, second): a spanning forest of the clusters.
    public var merges: [Merge]
    /// Candidate pairs compared.
    public var comparisons: Int
    /// Candidate pairs produced by each blocking rule (before removing pairs two rules share).
    public var pairsPerRule: [Int]
    /// The model estimated from this dataset.
    public var model: MatchModel
    /// Candidate pairs above the threshold that the conservative rules refused, by reason.
    public var refused: [String: Int]
    /// The candidate pairs (a < b, packed `a << 32 | b`, sorted), so that `--explain` can say
    /// when no blocking rule put two addresses together.
    var candidatePairs: [Int64]

    /// Resolves the addresses of `network` (`text`, `city`, `lat`, `lon` of `addresses.csv`).
    /// - Parameters:
    ///   - isHub: addresses used by so many sellers that they are hubs; a hub merges only with
    ///     another hub.
    ///   - threads: threads to parse and compare on (the result is the same for any number).
    public init(network: SellerNetwork, isHub: (Int32) -> Bool = { _ in false }, threads: Int = 1) {
        let table = network.table(.address)
        let (texts, cities) = AddressResolver.columns(of: network)
        self.init(texts: texts, cities: cities, latitudes: table.latitudes, longitudes: table.longitudes, isHub: isHub, threads: threads)
    }

    /// Resolves addresses given column-wise (`nan` coordinates when unknown).
    public init(texts: [String], cities: [String], latitudes: [Double], longitudes: [Double], isHub: (Int32) -> Bool = { _ in false },
                threads: Int = 1) {
        let count = texts.count
        let parsed = AddressResolver.parse(texts: texts, cities: cities, threads: threads)
        let (latitudes, longitudes) = AddressResolver.sanitised(latitudes, longitudes)
        let usable = parsed.map(\.locates)
        let hub = (0 ..< Int32(count)).map(isHub)
        func metres(_ a: Int, _ b: Int) -> Double? {
            guard latitudes[a].isFinite, latitudes[b].isFinite else { return nil }
            return AddressResolver.distance(latitudes[a], longitudes[a], latitudes[b], longitudes[b])
        }

        let candidates = CandidatePairs(addresses: parsed, latitudes: latitudes, longitudes: longitudes, usable: usable)
        comparisons = candidates.pairs.count
        pairsPerRule = candidates.perRule
        candidatePairs = candidates.pairs
        let pairCount = candidates.pairs.count
        let parts = max(1, min(threads, pairCount / 20_000))
        let compared = concurrentMap(parts, threads: parts) { part in
            parsed.withUnsafeBufferPointer { parsed in
                ((part * pairCount / parts) ..< ((part + 1) * pairCount / parts)).map { index in
                    let pair = candidates.pairs[index]
                    let a = Int(pair >> 32), b = Int(pair & 0xFFFF_FFFF)
                    return AddressComparison.compare(parsed[a], parsed[b], metres: metres(a, b))
                }
            }
        }.joined()
        let vectors = compared.map(\.vector)
        model = MatchModel.estimate(addresses: parsed, usable: usable, vectors: vectors, rules: candidates.rules, distance: metres)

        // Pairs at or above the threshold, strongest first.
        let minimumWeight = log2(AddressResolver.threshold / (1 - AddressResolver.threshold))
        var accepted: [(weight: Double, pair: Int64)] = []
        for (index, comparison) in compared.enumerated() {
            let pair = candidates.pairs[index]
            let weight = model.matchWeight(comparison.vector, shared: comparison.shared)
            // The deterministic rule first, the probabilistic one after (Splink's order).
            if weight >= minimumWeight { accepted.append((weight, pair)) }
            else if AddressComparison.isExactAgreement(comparison.vector) { accepted.append((minimumWeight, pair)) }
        }
        accepted.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.pair < $1.pair }

        // Strongest first, refusing merges that would make a cluster incoherent.
        var clusters = (0 ..< count).map { ClusterSummary(parsed[$0], latitude: latitudes[$0], longitude: longitudes[$0]) }
        var sets = UnionFind(count: count)
        var merges: [Merge] = []
        var refused: [String: Int] = [:]
        for (_, pair) in accepted {
            let a = Int32(truncatingIfNeeded: pair >> 32), b = Int32(truncatingIfNeeded: pair & 0xFFFF_FFFF)
            guard hub[Int(a)] == hub[Int(b)] else { refused["a hub with an address that is not a hub", default: 0] += 1; continue }
            let rootA = sets.root(a), rootB = sets.root(b)
            guard rootA != rootB else { continue }
            switch clusters[Int(rootA)].joined(with: clusters[Int(rootB)]) {
            case .failure(let reason): refused[reason.description, default: 0] += 1
            case .success(let joined):
                let root = sets.join(roots: rootA, rootB)
                clusters[Int(root)] = joined
                merges.append(Merge(first: a, second: b,
                                    match: AddressMatch.explain(parsed[Int(a)], parsed[Int(b)], metres: metres(Int(a), Int(b)), model: model)))
            }
        }
        self.refused = refused
        self.merges = merges.sorted { ($0.first, $0.second) < ($1.first, $1.second) }
        representative = (0 ..< Int32(count)).map { sets.root($0) }
    }

    /// The `text` and `city` columns of `addresses.csv` (empty when absent).
    static func columns(of network: SellerNetwork) -> (texts: [String], cities: [String]) {
        let table = network.table(.address)
        let texts = table.columnNames.firstIndex(of: "text").map { table.columns[$0] } ?? Array(repeating: "", count: table.count)
        let cities = table.columnNames.firstIndex(of: "city").map { table.columns[$0] } ?? Array(repeating: "", count: table.count)
        return (texts, cities)
    }

    /// Coordinates that are not a geocode, (0, 0) or out of range, as missing.
    static func sanitised(_ latitudes: [Double], _ longitudes: [Double]) -> ([Double], [Double]) {
        var latitudes = latitudes, longitudes = longitudes
        for index in latitudes.indices {
            let (lat, lon) = (latitudes[index], longitudes[index])
            if !lat.isFinite || !lon.isFinite || abs(lat) > 90 || abs(lon) > 180 || (lat == 0 && lon == 0) {
                latitudes[index] = .nan
                longitudes[index] = .nan
            }
        }
        return (latitudes, longitudes)
    }

    /// Every address parsed, in contiguous chunks on up to `threads` threads, each chunk with its
    /// own cache of pinyin readings (ICU once per distinct name).
    static func parse(texts: [String], cities: [String], threads: Int) -> [ParsedAddress] {
        let count = texts.count
        let parts = max(1, min(threads, count / 2_000))
        let chunks = concurrentMap(parts, threads: parts) { part in
            var parser = AddressParser()
            return ((part * count / parts) ..< ((part + 1) * count / parts)).map {
                parser.parse(text: texts[$0], city: cities[$0])
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

    /// How two addresses of `network` compare under the model this resolution estimated: what
    /// was read from each (and what could not be), every part's level with m, u and weight, the
    /// prior, the match weight and probability, and whether the clustering merged them (for
    /// `resolve --explain`).
    public func explain(_ first: Int32, _ second: Int32, in network: SellerNetwork) -> String {
        let table = network.table(.address)
        let (texts, cities) = AddressResolver.columns(of: network)
        let (latitudes, longitudes) = AddressResolver.sanitised(table.latitudes, table.longitudes)
        var parser = AddressParser()
        var lines: [String] = []
        var parsed: [ParsedAddress] = []
        for address in [first, second] {
            let index = Int(address)
            let parts = parser.parse(text: texts[index], city: cities[index])
            parsed.append(parts)
            lines.append("\(network.id(.address, address)): \(texts[index])")
            lines.append("    read as: \(parts.description)")
            if !parts.unread.isEmpty { lines.append("    could not read: \(parts.unread.joined(separator: "; "))") }
            if !latitudes[index].isFinite {
                let raw = (table.latitudes[index], table.longitudes[index])
                lines.append(raw.0.isFinite ? "    coordinates (\(raw.0), \(raw.1)) ignored: not a geocode" : "    no coordinates")
            }
        }
        let (a, b) = (Int(first), Int(second))
        let metres: Double? = latitudes[a].isFinite && latitudes[b].isFinite ? AddressResolver.distance(latitudes[a], longitudes[a], latitudes[b], longitudes[b]) : nil
        let match = AddressMatch.explain(parsed[0], parsed[1], metres: metres, model: model)
        lines.append("comparison (m and u estimated from this dataset: u on \(model.randomPairs) random pairs\(model.sameCityPairs > 0 ? " (all but the city's: \(model.sameCityPairs) within one city)" : ""), m by EM on \(comparisons) candidate pairs):")
        let vector = AddressComparison.compare(parsed[0], parsed[1], metres: metres).vector
        for feature in match.features {
            var line = "    \(feature.description): "
            if let level = feature.level, let index = feature.part.levels.firstIndex(of: level) {
                _ = vector
                line += String(format: "m %.4f, u %.4g", model.m[feature.part.rawValue][index], model.u[feature.part.rawValue][index])
                if feature.termFrequency { line += ", u replaced by the value's frequency" }
                line += " → \(signed(feature.weight))"
            } else {
                line += "0"
            }
            lines.append(line)
        }
        lines.append("    prior: λ = \(String(format: "%.3g", model.lambda)) → \(signed(match.prior))")
        let above = match.probability >= AddressResolver.threshold || match.exactAgreement
        lines.append(String(format: "match weight %.2f, probability %@ (threshold %.2f): %@", match.weight, AddressMatch.format(probability: match.probability),
                            AddressResolver.threshold, match.probability >= AddressResolver.threshold ? "above" : match.exactAgreement ? "below, but merged by exact agreement (every locating part either side writes is the same, nothing contradicts)" : "below, not merged"))
        if !parsed[0].locates || !parsed[1].locates { lines.append("not compared: one of them locates no place (no street number, room, building, compound or box)") }
        let together = representative[a] == representative[b]
        let packed = Int64(min(a, b)) << 32 | Int64(max(a, b))
        let compared = AddressResolver.contains(candidatePairs, packed)
        if together {
            lines.append("resolved: one place")
        } else if !compared, parsed[0].locates, parsed[1].locates {
            lines.append("resolved: two places, never compared: no blocking rule put them together (no shared postcode; street number and street; compound and building; street number and room; room within ~150 m; number and room within ~1 km)")
        } else if above {
            lines.append("resolved: kept apart by a conservative rule (hubs merge only with hubs; a place holds one street number, room, unit, building and postcode sector, within \(Int(AddressResolver.clusterExtentMetres)) m)")
        } else {
            lines.append("resolved: two places")
        }
        return lines.joined(separator: "\n")
    }

    /// Whether the sorted `pairs` hold `pair` (binary search).
    static func contains(_ pairs: [Int64], _ pair: Int64) -> Bool {
        var low = 0, high = pairs.count
        while low < high {
            let middle = (low + high) / 2
            if pairs[middle] < pair { low = middle + 1 } else { high = middle }
        }
        return low < pairs.count && pairs[low] == pair
    }

    /// Great-circle distance in metres (haversine).
    static func distance(_ latA: Double, _ lonA: Double, _ latB: Double, _ lonB: Double) -> Double {
        let radians = Double.pi / 180
        let dLat = (latB - latA) * radians, dLon = (lonB - lonA) * radians
        let h = sin(dLat / 2) * sin(dLat / 2) + cos(latA * radians) * cos(latB * radians) * sin(dLon / 2) * sin(dLon / 2)
        return 2 * 6_371_000 * asin(min(1, sqrt(h)))
    }
}

/// What a cluster must keep coherent: its numbers and the extent of its coordinates.
struct ClusterSummary: Sendable {
    /// Why a merge was refused.
    enum Refusal: Error, CustomStringConvertible {
        case numbers(String)
        case extent
        var description: String {
            switch self {
            case .numbers(let part): "would put two different \(part)s in one place"
            case .extent: "would make a place wider than \(Int(AddressResolver.clusterExtentMetres)) m"
            }
        }
    }

    var minLatitude = Double.infinity, maxLatitude = -Double.infinity
    var minLongitude = Double.infinity, maxLongitude = -Double.infinity
    var streetNumbers: [StreetNumber] = []
    var room: String?
    var unit: String?
    var building: String?
    var lane: String?
    var box: String?
    var postcodes: [String] = []

    init(_ parts: ParsedAddress, latitude: Double, longitude: Double) {
        if latitude.isFinite, longitude.isFinite {
            minLatitude = latitude; maxLatitude = latitude
            minLongitude = longitude; maxLongitude = longitude
        }
        if let number = parts.streetNumber { streetNumbers = [number] }
        room = parts.room
        unit = parts.unit
        building = parts.building
        lane = parts.lane
        box = parts.box
        if let postcode = parts.postcode { postcodes = [postcode] }
    }

    /// The union, or why it would be incoherent: two street numbers that are not the same number
    /// written more or less fully, two rooms, units, buildings, lanes or boxes, postcodes of two
    /// sectors, or coordinates farther apart than ``AddressResolver/clusterExtentMetres``.
    func joined(with other: ClusterSummary) -> Result<ClusterSummary, Refusal> {
        var result = self
        for number in other.streetNumbers where !streetNumbers.contains(number) {
            guard streetNumbers.allSatisfy({ $0.isClose(to: number) }) else { return .failure(.numbers("street number")) }
            result.streetNumbers.append(number)
        }
        for postcode in other.postcodes where !postcodes.contains(postcode) {
            guard postcodes.allSatisfy({ AddressComparison.sector($0) == AddressComparison.sector(postcode) }) else { return .failure(.numbers("postcode")) }
            result.postcodes.append(postcode)
        }
        // Numbered parts: at most one value each.
        for (keyPath, name) in [(\ClusterSummary.room, "room"), (\.unit, "unit"), (\.building, "building"), (\.lane, "lane"), (\.box, "box")] {
            guard let theirs = other[keyPath: keyPath] else { continue }
            if let mine = self[keyPath: keyPath], mine != theirs { return .failure(.numbers(name)) }
            result[keyPath: keyPath] = theirs
        }
        result.minLatitude = min(minLatitude, other.minLatitude)
        result.maxLatitude = max(maxLatitude, other.maxLatitude)
        result.minLongitude = min(minLongitude, other.minLongitude)
        result.maxLongitude = max(maxLongitude, other.maxLongitude)
        if result.minLatitude.isFinite,
           AddressResolver.distance(result.minLatitude, result.minLongitude, result.maxLatitude, result.maxLongitude) > AddressResolver.clusterExtentMetres {
            return .failure(.extent)
        }
        return .success(result)
    }
}
