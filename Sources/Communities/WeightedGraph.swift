/// An undirected, weighted graph in compressed sparse row (CSR) form.
///
/// Every undirected edge `{u, v}` with `u != v` is stored twice, as the arcs `u → v` and
/// `v → u`, with the same weight; a self-loop `{u, u}` is stored once, in `u`'s row. The
/// neighbours of node `u` are `targets[offsets[u] ..< offsets[u + 1]]`, their weights the same
/// slice of `weights`. Duplicate edges are summed into one, so every row names a neighbour at
/// most once. Rows keep the order in which neighbours first appear in the input, which makes
/// construction deterministic without a sort.
///
/// Node weights (default 1 each) are the sizes the constant Potts model (CPM) penalises;
/// modularity ignores them and uses strengths (weighted degrees) instead.
///
/// The storage is three flat arrays so that the hot loops of ``Leiden`` walk contiguous memory:
/// `offsets: [Int]` (n + 1), `targets: [Int32]` and `weights: [Double]` (one entry per arc).
public struct WeightedGraph: Sendable {
    /// Number of nodes, `n`. Nodes are `0 ..< nodeCount`.
    public var nodeCount: Int
    /// Number of distinct undirected edges after duplicates were summed, self-loops included.
    public var edgeCount: Int
    /// Row starts: the arcs of node `u` are `offsets[u] ..< offsets[u + 1]`. Count `n + 1`.
    public var offsets: [Int]
    /// Arc heads, one per arc (`2 · edges − selfLoops` of them).
    public var targets: [Int32]
    /// Arc weights, parallel to `targets`.
    public var weights: [Double]
    /// Node weights (sizes for CPM), one per node; 1 unless given.
    public var nodeWeights: [Double]
    /// Weighted degree of each node; a self-loop counts twice, as in igraph and leidenalg.
    public var strengths: [Double]
    /// Sum of all edge weights, each undirected edge once (the `m` of modularity).
    public var totalWeight: Double

    /// Builds a graph from an edge list, summing duplicate edges.
    ///
    /// Construction is a counting sort of the arcs by tail followed by one merge pass per row
    /// that sums repeated neighbours with a stamp array, so no comparison sort is needed.
    ///
    /// - Parameters:
    ///   - nodeCount: Number of nodes; every endpoint must be in `0 ..< nodeCount`.
    ///   - sources: Edge tails.
    ///   - targets: Edge heads, parallel to `sources`. `sources[i] == targets[i]` is a self-loop.
    ///   - weights: Edge weights, parallel to `sources`; must be finite and non-negative.
    ///     An empty array means weight 1 for every edge.
    ///   - nodeWeights: Node sizes for CPM; `nil` (the default) gives every node weight 1.
    /// - Precondition: Arrays have matching lengths and endpoints are in range (programmer
    ///   errors; ``EdgeListReader`` reports bad input files as ``EdgeListError``).
    /// - Complexity: O(n + m) time, O(n + m) memory.
    public init(nodeCount: Int, sources: [Int32], targets: [Int32], weights: [Double], nodeWeights: [Double]? = nil) {
        precondition(nodeCount >= 0 && nodeCount < Int(Int32.max), "node count out of range")
        precondition(sources.count == targets.count, "sources and targets differ in length")
        precondition(weights.isEmpty || weights.count == sources.count, "weights differ in length")
        precondition(nodeWeights == nil || nodeWeights!.count == nodeCount, "nodeWeights differ in length")
        let edgeInputCount = sources.count
        var offsets = [Int](repeating: 0, count: nodeCount + 1)
        for index in 0 ..< edgeInputCount {
            let tail = Int(sources[index]), head = Int(targets[index])
            precondition(tail >= 0 && tail < nodeCount && head >= 0 && head < nodeCount, "endpoint out of range")
            offsets[tail + 1] += 1
            if tail != head { offsets[head + 1] += 1 }
        }
        for node in 0 ..< nodeCount { offsets[node + 1] += offsets[node] }
        let arcCount = offsets[nodeCount]
        var arcTargets = [Int32](repeating: 0, count: arcCount)
        var arcWeights = [Double](repeating: 0, count: arcCount)
        var cursor = offsets
        for index in 0 ..< edgeInputCount {
            let tail = Int(sources[index]), head = Int(targets[index])
            let weight = weights.isEmpty ? 1 : weights[index]
            arcTargets[cursor[tail]] = Int32(head)
            arcWeights[cursor[tail]] = weight
            cursor[tail] += 1
            if tail != head {
                arcTargets[cursor[head]] = Int32(tail)
                arcWeights[cursor[head]] = weight
                cursor[head] += 1
            }
        }
        cursor = []
        self.init(compactingOffsets: offsets, targets: arcTargets, weights: arcWeights,
                  nodeWeights: nodeWeights ?? [Double](repeating: 1, count: nodeCount))
    }

    /// Builds a graph from CSR arrays whose rows may name a neighbour more than once; repeats
    /// are summed in place. Used by construction and by aggregation.
    init(compactingOffsets offsets: [Int], targets: [Int32], weights: [Double], nodeWeights: [Double]) {
        let nodeCount = offsets.count - 1
        var offsets = offsets
        var targets = targets
        var weights = weights
        var stamp = [Int32](repeating: -1, count: nodeCount)
        var slot = [Int](repeating: 0, count: nodeCount)
        var strengths = [Double](repeating: 0, count: nodeCount)
        var write = 0
        var selfLoops = 0
        var totalArcWeight = 0.0
        var selfLoopWeight = 0.0
        var rowStart = offsets[0]
        for node in 0 ..< nodeCount {
            let rowEnd = offsets[node + 1]
            offsets[node] = write
            var strength = 0.0
            for arc in rowStart ..< rowEnd {
                let head = Int(targets[arc])
                let weight = weights[arc]
                if stamp[head] == Int32(node) {
                    weights[slot[head]] += weight
                } else {
                    stamp[head] = Int32(node)
                    slot[head] = write
                    targets[write] = Int32(head)
                    weights[write] = weight
                    write += 1
                    if head == node { selfLoops += 1 }
                }
                if head == node {
                    strength += 2 * weight
                    selfLoopWeight += weight
                } else {
                    strength += weight
                }
                totalArcWeight += weight
            }
            strengths[node] = strength
            rowStart = rowEnd
        }
        offsets[nodeCount] = write
        targets.removeLast(targets.count - write)
        weights.removeLast(weights.count - write)
        self.nodeCount = nodeCount
        self.edgeCount = (write - selfLoops) / 2 + selfLoops
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
        self.nodeWeights = nodeWeights
        self.strengths = strengths
        // Each non-loop edge was seen from both ends, each loop once.
        self.totalWeight = (totalArcWeight - selfLoopWeight) / 2 + selfLoopWeight
    }

    /// Number of stored arcs (each non-loop edge twice, each self-loop once).
    public var arcCount: Int { targets.count }

    /// The neighbours of `node`, self included when it has a self-loop.
    public func neighbours(of node: Int) -> ArraySlice<Int32> {
        targets[offsets[node] ..< offsets[node + 1]]
    }

    /// The weights of the arcs of `node`, parallel to ``neighbours(of:)``.
    public func weights(of node: Int) -> ArraySlice<Double> {
        weights[offsets[node] ..< offsets[node + 1]]
    }

    /// Number of distinct neighbours of `node` (a self-loop counts once).
    public func degree(of node: Int) -> Int { offsets[node + 1] - offsets[node] }

    /// Builds a graph from CSR rows that name each neighbour at most once (as aggregation
    /// produces), computing strengths and totals.
    init(uniqueRows offsets: [Int], targets: [Int32], weights: [Double], nodeWeights: [Double]) {
        let nodeCount = offsets.count - 1
        var strengths = [Double](repeating: 0, count: nodeCount)
        var selfLoops = 0
        var total = 0.0
        for node in 0 ..< nodeCount {
            var strength = 0.0
            for arc in offsets[node] ..< offsets[node + 1] {
                let weight = weights[arc]
                if Int(targets[arc]) == node {
                    strength += 2 * weight
                    total += weight
                    selfLoops += 1
                } else {
                    strength += weight
                    total += weight / 2
                }
            }
            strengths[node] = strength
        }
        self.nodeCount = nodeCount
        self.edgeCount = (targets.count - selfLoops) / 2 + selfLoops
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
        self.nodeWeights = nodeWeights
        self.strengths = strengths
        self.totalWeight = total
    }

    /// Calls `body` with unchecked views of the three CSR arrays, for the hot loops of
    /// ``Leiden``.
    func withCSR<Result>(_ body: (CSRView) throws -> Result) rethrows -> Result {
        try offsets.withUnsafeBufferPointer { offsets in
            try targets.withUnsafeBufferPointer { targets in
                try weights.withUnsafeBufferPointer { weights in
                    try body(CSRView(offsets: offsets, targets: targets, weights: weights))
                }
            }
        }
    }
}

/// Borrowed views of a ``WeightedGraph``'s CSR arrays, valid only inside
/// ``WeightedGraph/withCSR(_:)``.
struct CSRView {
    let offsets: UnsafeBufferPointer<Int>
    let targets: UnsafeBufferPointer<Int32>
    let weights: UnsafeBufferPointer<Double>
    var nodeCount: Int { offsets.count - 1 }
}
