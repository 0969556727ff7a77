import Communities
import Foundation

/// Estimating the model from the data, in Splink's order: u-probabilities from random pairs
/// (almost all of which are different places), term frequencies from value counts, then m and
/// λ by expectation maximisation on the pairs of each blocking rule, with u fixed and the
/// parts the rule fixes left out of that session.
extension MatchModel {
    /// How many random pairs u is counted on (all pairs when there are fewer).
    public static let randomPairLimit = 100_000
    /// EM sessions on fewer candidate pairs than this are skipped (too few to learn from).
    public static let minimumSessionPairs = 30
    /// Pseudo-pairs of ``MatchModel/startingU(_:)`` added to the random-pair counts of u, and
    /// pseudo-addresses at the starting exact-agreement rate added to term-frequency counts.
    public static let uPseudoPairs = 1_000.0
    /// Cities with fewer addresses than this give no pairs to the within-city u: a handful of
    /// addresses of one city is often a place or two written several ways (an export whose city
    /// column is a village or a typo), and u must be counted on pairs that are not one place.
    public static let minimumCityAddresses = 100
    /// Sessions expecting fewer matches than this do not estimate m.
    public static let minimumSessionMatches = 10.0
    /// Pseudo-pairs of the starting m added to every EM session's counts.
    public static let pseudoPairs = 10.0

    /// Estimates a model for `addresses`.
    /// - Parameters:
    ///   - vectors: the comparison vector of every candidate pair.
    ///   - rules: for each candidate pair, the bit of each ``BlockingRule`` that produced it.
    ///   - distance: metres between two addresses, nil when either has no coordinates.
    static func estimate(addresses: [ParsedAddress], usable: [Bool], vectors: [ComparisonVector], rules: [UInt8],
                         distance: (Int, Int) -> Double?) -> MatchModel {
        var model = MatchModel()
        model.estimateU(addresses: addresses, usable: usable, distance: distance)
        model.termFrequencies = MatchModel.termFrequencies(addresses, usable: usable)
        let count = usable.reduce(0) { $0 + ($1 ? 1 : 0) }
        model.estimateM(vectors: vectors, rules: rules, addressCount: count)
        model.updateWeights()
        return model
    }

    /// u for every part and level, from up to ``randomPairLimit`` pairs drawn with a fixed seed
    /// (all pairs when there are fewer), smoothed towards the reasoned u.
    ///
    /// The city's u is counted on pairs drawn from the whole export; every other part's on pairs
    /// drawn within one city (``sameCityPairs``), when the export has them. A pair's weight is the
    /// chain rule, P(city) · P(the rest | city): counted on pairs from anywhere, a shared district,
    /// a street or "2 km apart" would count the shared city a second time (two random addresses
    /// of a national export are hundreds of kilometres apart, two of one city a few), and a
    /// spelling of 29 Baiyun Avenue would join 29 Wenhua Road two kilometres away in the same
    /// district (measured on a generated 1M-address export: 12,022 of 120,912 merges wrong, most
    /// of them so).
    mutating func estimateU(addresses: [ParsedAddress], usable: [Bool], distance: (Int, Int) -> Double?) {
        let indices = addresses.indices.filter { usable[$0] }
        guard indices.count >= 2 else { return }
        let anywhere = MatchModel.countLevels(addresses, pairsOf: [indices], distance: distance)
        randomPairs = anywhere.pairs
        var byCity: [String: [Int]] = [:]
        for index in indices where !addresses[index].city.isEmpty { byCity[addresses[index].city, default: []].append(index) }
        let cities = byCity.values.filter { $0.count >= MatchModel.minimumCityAddresses }.sorted { $0[0] < $1[0] }
        let withinCities = cities.isEmpty ? nil : MatchModel.countLevels(addresses, pairsOf: cities, distance: distance)
        sameCityPairs = withinCities?.pairs ?? 0
        // Counts smoothed towards the reasoned u by ``uPseudoPairs`` pseudo-pairs: negligible on
        // 100,000 random pairs, decisive on a dozen.
        for part in AddressPart.allCases {
            let counts = (part == .city ? anywhere.counts : (withinCities ?? anywhere).counts)[part.rawValue]
            let total = counts.reduce(0, +)
            let prior = MatchModel.startingU(part)
            u[part.rawValue] = zip(counts, prior).map { ($0 + MatchModel.uPseudoPairs * $1) / (total + MatchModel.uPseudoPairs) }
        }
    }

    /// The level counts of every part over random pairs within each group of `groups` (all such
    /// pairs when there are at most ``randomPairLimit``; otherwise that many, a group drawn in
    /// proportion to its pairs, with a fixed seed), and how many pairs were counted.
    static func countLevels(_ addresses: [ParsedAddress], pairsOf groups: [[Int]],
                            distance: (Int, Int) -> Double?) -> (counts: [[Double]], pairs: Int) {
        var counts = AddressPart.allCases.map { [Double](repeating: 0, count: $0.levels.count) }
        // Through a buffer: subscripting the array here copied each parsed address (a retain
        // per string), a third of the resolver's time on a 20k world (perf).
        func count(_ a: Int, _ b: Int) {
            let vector = addresses.withUnsafeBufferPointer { AddressComparison.compare($0[a], $0[b], metres: distance(a, b)).vector }
            for part in AddressPart.allCases where vector[part] != ComparisonVector.null { counts[part.rawValue][Int(vector[part])] += 1 }
        }
        // Pairs before each group, for drawing a group in proportion to its pairs.
        var cumulative = [Int](), allPairs = 0
        for group in groups {
            allPairs += group.count * (group.count - 1) / 2
            cumulative.append(allPairs)
        }
        if allPairs <= MatchModel.randomPairLimit {
            for group in groups { for i in group.indices { for j in (i + 1) ..< group.count { count(group[i], group[j]) } } }
            return (counts, allPairs)
        }
        // The project's SplitMix64 (the stream the hand-written copy here drew: state starts at
        // the increment, so the pairs, and u, are the same as before).
        var random = SplitMix64(seed: 0x9E37_79B9_7F4A_7C15)
        func next() -> UInt64 { random.next() }
        for _ in 0 ..< MatchModel.randomPairLimit {
            var low = 0, high = cumulative.count - 1
            let pick = high == 0 ? 0 : Int(next() % UInt64(allPairs))
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] > pick { high = middle } else { low = middle + 1 }
            }
            let group = groups[low], n = group.count
            let i = Int(next() % UInt64(n))
            var j = Int(next() % UInt64(n - 1))
            if j >= i { j += 1 }
            count(group[i], group[j])
        }
        return (counts, MatchModel.randomPairLimit)
    }

    /// For each term-frequency part, the share of addresses having the part that have each value.
    static func termFrequencies(_ addresses: [ParsedAddress], usable: [Bool]) -> [[String: Double]] {
        var counts = AddressPart.allCases.map { _ in [String: Int]() }
        var totals = [Int](repeating: 0, count: AddressPart.allCases.count)
        func add(_ part: AddressPart, _ values: some Sequence<String>) {
            var any = false
            for value in values { counts[part.rawValue][value, default: 0] += 1; any = true }
            if any { totals[part.rawValue] += 1 }
        }
        for (index, address) in addresses.enumerated() where usable[index] {
            if let number = address.streetNumber { add(.streetNumber, CollectionOfOne(number.description)) }
            if let room = address.room { add(.room, CollectionOfOne(room)) }
            if let postcode = address.postcode { add(.postcode, CollectionOfOne(postcode)) }
            add(.street, Set(address.street.keys))
            add(.compound, Set(address.compound.keys))
        }
        return AddressPart.allCases.map { part in
            let total = Double(totals[part.rawValue]) + uPseudoPairs
            let prior = uPseudoPairs * startingU(part)[0]
            return counts[part.rawValue].mapValues { (Double($0) + prior) / total }
        }
    }

    /// m for every part and λ, by EM: one session per blocking rule on the pairs it produced,
    /// leaving out the parts it fixes; each part's m is the mean over the sessions that
    /// estimated it, weighted by the matches each expects. λ is the largest number of matches
    /// any session expects, over all pairs.
    mutating func estimateM(vectors: [ComparisonVector], rules: [UInt8], addressCount: Int) {
        // Each session's m, with the matches it expects as its weight.
        var estimates = AddressPart.allCases.map { part in [(m: [Double], weight: Double)]() }
        var expectedMatches = 0.0
        for rule in BlockingRule.allCases where rule.trainsModel {
            let bit = UInt8(1 << rule.rawValue)
            // Distinct vectors (with the fixed parts nulled) and how many pairs have each, apart
            // for pairs the anchor rule calls matches.
            var patterns: [UInt64: (anchored: Double, other: Double)] = [:]
            var pairs = 0
            for (vector, mask) in zip(vectors, rules) where mask & bit != 0 {
                var masked = vector
                for part in rule.fixedParts { masked[part] = ComparisonVector.null }
                // The anchor counts only agreements the block does not force: in a block of one
                // number and room every pair "agrees on the number and one more thing", and on a
                // large export most such pairs are different places.
                if MatchModel.isAnchor(vector, forced: rule.fixedParts) { patterns[masked.bits, default: (0, 0)].anchored += 1 } else { patterns[masked.bits, default: (0, 0)].other += 1 }
                pairs += 1
            }
            guard pairs >= MatchModel.minimumSessionPairs else { continue }
            let sorted = patterns.sorted { $0.key < $1.key }.map { (vector: ComparisonVector(bits: $0.key), count: $0.value.anchored + $0.value.other, anchored: $0.value.anchored) }
            let free = AddressPart.allCases.filter { !rule.fixedParts.contains($0) }
            var sessionM = m
            var sessionLambda = 0.3
            for iteration in 0 ..< 40 {
                var matchTotal = 0.0
                // Pseudo-counts of the starting m: a part seen on a handful of pairs keeps close
                // to what reasoning suggests instead of swinging to 0 or 1.
                var levelSums = AddressPart.allCases.map { MatchModel.startingM($0).map { $0 * MatchModel.pseudoPairs } }
                let weights = MatchModel.levelWeights(m: sessionM, u: u)
                let priorOdds = sessionLambda / (1 - sessionLambda)
                for (vector, count, anchored) in sorted {
                    let matches: Double
                    if iteration == 0 {
                        // The first E-step is the anchor rule (soft): EM starts from pairs that
                        // agree on the street number and on one more thing, not from wherever
                        // a mixture of nearby pairs would take it.
                        matches = anchored * 0.95 + (count - anchored) * 0.01
                    } else {
                        var logRatio = 0.0
                        for part in free {
                            let level = vector[part]
                            guard level != ComparisonVector.null else { continue }
                            logRatio += weights[part.rawValue][Int(level)]
                        }
                        let odds = priorOdds * pow(2, min(logRatio, 200))
                        matches = (odds.isFinite ? odds / (1 + odds) : 1) * count
                    }
                    let posterior = matches / count
                    matchTotal += matches
                    for part in free where vector[part] != ComparisonVector.null { levelSums[part.rawValue][Int(vector[part])] += posterior * count }
                }
                let newLambda = matchTotal / Double(pairs)
                var change = abs(newLambda - sessionLambda)
                sessionLambda = min(max(newLambda, 1e-6), 1 - 1e-6)
                for part in free {
                    let total = levelSums[part.rawValue].reduce(0, +)
                    for level in part.levels.indices {
                        let value = levelSums[part.rawValue][level] / total
                        change = max(change, abs(value - sessionM[part.rawValue][level]))
                        sessionM[part.rawValue][level] = value
                    }
                }
                if change < 1e-5 { break }
            }
            let matches = sessionLambda * Double(pairs)
            expectedMatches = max(expectedMatches, matches)
            // A session that expects a handful of matches learns nothing about them.
            guard matches >= MatchModel.minimumSessionMatches else { continue }
            for part in free { estimates[part.rawValue].append((sessionM[part.rawValue], matches)) }
        }
        for part in AddressPart.allCases where !estimates[part.rawValue].isEmpty {
            let sessionsHere = estimates[part.rawValue]
            let total = sessionsHere.reduce(0) { $0 + $1.weight }
            m[part.rawValue] = part.levels.indices.map { level in sessionsHere.reduce(0) { $0 + $1.m[level] * $1.weight } / total }
            sessions[part.rawValue] = sessionsHere.count
        }
        // λ as Splink estimates it from deterministic rules: at least the candidate pairs the
        // anchor rule calls matches (what a dataset too small for EM still shows).
        let anchored = Double(vectors.reduce(0) { $0 + (MatchModel.isAnchor($1) ? 1 : 0) })
        let allPairs = Double(addressCount) * Double(max(addressCount - 1, 1)) / 2
        lambda = allPairs > 0 ? min(max(expectedMatches, anchored, 1) / allPairs, 0.5) : 0.001
    }
}

extension MatchModel {
    /// The deterministic rule EM starts from: the same street number (or one written more or
    /// less fully) and one more agreement (street, postcode, compound, room or within 150 m), or
    /// the same compound, building and room.
    ///
    /// `forced` are parts a blocking rule made the pair agree on: they cannot be the "one more
    /// agreement" (a block of one number and room would otherwise anchor every pair in it, and on
    /// a large export most of its pairs are different places sharing a common number and room),
    /// and the compound clause needs the compound and building not forced.
    static func isAnchor(_ vector: ComparisonVector, forced: Set<AddressPart> = []) -> Bool {
        func level(_ part: AddressPart) -> ComparisonLevel? { forced.contains(part) ? nil : vector.level(of: part) }
        let numberLevel = vector.level(of: .streetNumber)
        let number = numberLevel == .exact || numberLevel == .close
        let more = level(.street) == .exact || level(.street) == .close || level(.postcode) == .exact || level(.compound) == .exact
            || level(.room) == .exact || level(.distance) == .within(50) || level(.distance) == .within(150)
        return (number && more) || (level(.compound) == .exact && level(.building) == .exact && vector.level(of: .room) == .exact)
    }
}

extension ComparisonVector {
    init(bits: UInt64) {
        self.init()
        for part in AddressPart.allCases { self[part] = UInt8(truncatingIfNeeded: bits >> (UInt64(part.rawValue) * 4)) & 0xF }
    }
}
