import Communities
import SellerGraph

/// The seller projection as a canonical edge list: every linked pair of sellers once, as
/// `(a, b)` with `a < b`, in increasing order, with its weight and its *strong* weight (the part
/// that comes from strong links only, ``Projection/forEachStrongPair(in:_:)``), both in fixed
/// point.
///
/// Why fixed point: a pair's weight is the sum of the contributions of every entity its two
/// sellers share, and a floating-point sum depends on the order of its terms. The single-machine
/// projection adds them in entity order; the Spark job (`distributed/`) adds them in whatever
/// order its shuffle delivers. Each contribution is truncated to a multiple of 2⁻⁴⁰
/// (≈ 9·10⁻¹³; the smallest contribution RingScope makes is about 10⁻⁴) and the multiples are
/// summed as integers, which is exact in any order: both paths give the same bits, and so the
/// same communities.
///
/// The storage is four flat arrays, one entry per pair.
public struct SellerLinks: Sendable, Equatable {
    /// Fractional bits of a fixed-point weight: a weight `w` is stored as `Int64(w · 2⁴⁰)`.
    public static let fractionBits = 40
    /// 2⁴⁰ as a `Double`.
    public static let scale = Double(Int64(1) << fractionBits)

    /// Sellers are `0 ..< sellerCount` (the row order of sellers.csv).
    public var sellerCount: Int
    /// The smaller seller of each pair; non-decreasing.
    public var sources: [Int32]
    /// The larger seller of each pair; increasing within a run of equal sources.
    public var targets: [Int32]
    /// The pair's weight in units of 2⁻⁴⁰.
    public var weights: [Int64]
    /// The part of the weight from strong links, in units of 2⁻⁴⁰ (0 when none).
    public var strongWeights: [Int64]

    /// The number of linked pairs.
    public var count: Int { sources.count }

    /// A contribution in fixed point: truncated towards zero, as Spark's `CAST(w * 2^40 AS BIGINT)`
    /// and Java's `(long)` do, so that both sides truncate the same IEEE double the same way.
    @inline(__always)
    public static func fixedPoint(_ weight: Double) -> Int64 { Int64(weight * scale) }

    /// A fixed-point weight as a `Double` (exact below 2¹³ = 8192).
    @inline(__always)
    public static func real(_ fixed: Int64) -> Double { Double(fixed) / scale }

    /// Pairs given directly, already canonical (``ProjectionFolder`` reads them so).
    /// - Precondition: `a < b` for every pair and pairs strictly increasing (checked by the reader).
    public init(sellerCount: Int, sources: [Int32], targets: [Int32], weights: [Int64], strongWeights: [Int64]) {
        self.sellerCount = sellerCount
        self.sources = sources
        self.targets = targets
        self.weights = weights
        self.strongWeights = strongWeights
    }

    /// Sums contributions into canonical pairs.
    ///
    /// - Parameters:
    ///   - all: every contribution, strong ones included, in any order and orientation.
    ///   - strong: the strong contributions again (a subset of `all`'s pairs).
    /// - Complexity: O(n + P log d) for P contributions and the largest seller degree d;
    ///   one counting sort by the smaller seller, then a sort of each row.
    init(sellerCount: Int, all: SellerPairs, strong: SellerPairs) {
        struct Entry {
            var head: Int32
            var weight: Int64
            var strong: Int64
        }
        var offsets = [Int](repeating: 0, count: sellerCount + 1)
        for pairs in [all, strong] {
            for index in pairs.sources.indices where pairs.sources[index] != pairs.targets[index] {
                offsets[Int(min(pairs.sources[index], pairs.targets[index])) + 1] += 1
            }
        }
        for seller in 0 ..< sellerCount { offsets[seller + 1] += offsets[seller] }
        var entries = [Entry](repeating: Entry(head: 0, weight: 0, strong: 0), count: offsets[sellerCount])
        var cursor = Array(offsets.dropLast())
        for (pairs, isStrong) in [(all, false), (strong, true)] {
            for index in pairs.sources.indices where pairs.sources[index] != pairs.targets[index] {
                let a = pairs.sources[index], b = pairs.targets[index]
                let tail = Int(min(a, b))
                let fixed = SellerLinks.fixedPoint(pairs.weights[index])
                entries[cursor[tail]] = Entry(head: max(a, b), weight: isStrong ? 0 : fixed, strong: isStrong ? fixed : 0)
                cursor[tail] += 1
            }
        }
        cursor = []
        var sources: [Int32] = [], targets: [Int32] = [], weights: [Int64] = [], strongWeights: [Int64] = []
        for seller in 0 ..< sellerCount where offsets[seller] < offsets[seller + 1] {
            entries[offsets[seller] ..< offsets[seller + 1]].sort { $0.head < $1.head }
            var position = offsets[seller]
            while position < offsets[seller + 1] {
                let head = entries[position].head
                var weight: Int64 = 0, strongWeight: Int64 = 0
                while position < offsets[seller + 1] && entries[position].head == head {
                    weight &+= entries[position].weight
                    strongWeight &+= entries[position].strong
                    position += 1
                }
                sources.append(Int32(seller))
                targets.append(head)
                weights.append(weight)
                strongWeights.append(strongWeight)
            }
        }
        self.init(sellerCount: sellerCount, sources: sources, targets: targets, weights: weights, strongWeights: strongWeights)
    }

    /// The whole projection as a weighted graph (weights as `Double`).
    public func graph() -> WeightedGraph {
        WeightedGraph(nodeCount: sellerCount, sources: sources, targets: targets, weights: weights.map(SellerLinks.real))
    }
}

/// The connected components of ``SellerLinks`` with at least one link, each named by its
/// smallest seller.
public struct SellerComponents: Sendable {
    /// Per component (ordered by key): its smallest seller.
    public var keys: [Int32]
    /// The sellers of component `c` are `sellers[sellerOffsets[c] ..< sellerOffsets[c + 1]]`, increasing.
    public var sellerOffsets: [Int]
    public var sellers: [Int32]
    /// The links of component `c` are the pair indices `links[linkOffsets[c] ..< linkOffsets[c + 1]]`, increasing.
    public var linkOffsets: [Int]
    public var links: [Int]
    /// For each seller, its position within its component (0 for sellers without links).
    public var localIndex: [Int32]

    public var count: Int { keys.count }

    /// Finds the components by union–find (union by smaller root, path halving).
    /// - Complexity: O((n + m) α(n)).
    public init(_ pairs: SellerLinks) {
        let n = pairs.sellerCount
        var sets = UnionFind(count: n)
        var linked = [Bool](repeating: false, count: n)
        for index in 0 ..< pairs.count {
            let a = pairs.sources[index], b = pairs.targets[index]
            linked[Int(a)] = true
            linked[Int(b)] = true
            // The smaller root wins, so each root is its component's smallest seller.
            sets.union(a, b)
        }
        var componentOf = [Int32](repeating: -1, count: n)
        var keys: [Int32] = []
        for seller in 0 ..< Int32(n) where linked[Int(seller)] {
            let key = sets.root(seller)
            if key == seller {
                componentOf[Int(seller)] = Int32(keys.count)
                keys.append(seller)
            } else {
                componentOf[Int(seller)] = componentOf[Int(key)]
            }
        }
        var sellerOffsets = [Int](repeating: 0, count: keys.count + 1)
        var localIndex = [Int32](repeating: 0, count: n)
        for seller in 0 ..< n where linked[seller] {
            let component = Int(componentOf[seller])
            localIndex[seller] = Int32(sellerOffsets[component + 1])
            sellerOffsets[component + 1] += 1
        }
        for component in 0 ..< keys.count { sellerOffsets[component + 1] += sellerOffsets[component] }
        var sellers = [Int32](repeating: 0, count: sellerOffsets[keys.count])
        for seller in 0 ..< n where linked[seller] {
            let component = Int(componentOf[seller])
            sellers[sellerOffsets[component] + Int(localIndex[seller])] = Int32(seller)
        }
        var linkOffsets = [Int](repeating: 0, count: keys.count + 1)
        for index in 0 ..< pairs.count { linkOffsets[Int(componentOf[Int(pairs.sources[index])]) + 1] += 1 }
        for component in 0 ..< keys.count { linkOffsets[component + 1] += linkOffsets[component] }
        var links = [Int](repeating: 0, count: pairs.count)
        var cursor = Array(linkOffsets.dropLast())
        for index in 0 ..< pairs.count {
            let component = Int(componentOf[Int(pairs.sources[index])])
            links[cursor[component]] = index
            cursor[component] += 1
        }
        self.keys = keys
        self.sellerOffsets = sellerOffsets
        self.sellers = sellers
        self.linkOffsets = linkOffsets
        self.links = links
        self.localIndex = localIndex
    }

    /// The number of sellers of component `component`.
    public func size(of component: Int) -> Int { sellerOffsets[component + 1] - sellerOffsets[component] }
}

extension Projection {
    /// The undirected weighted graph of sellers (node `i` is seller index `i`), built from
    /// ``links`` on each call.
    public var graph: WeightedGraph { links.graph() }
}
