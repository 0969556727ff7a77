import Foundation
import Parallel

/// Which multilevel scheme ``Leiden`` runs.
public enum CommunityAlgorithm: String, Sendable, CaseIterable {
    /// Leiden: local moving, refinement, aggregation on the refined partition.
    case leiden
    /// Louvain: local moving and aggregation on the moved partition, no refinement. Kept for
    /// comparison; its communities may be disconnected.
    case louvain
}

/// What one ``Leiden/optimise(on:seed:from:)`` run produced.
public struct LeidenResult: Sendable {
    /// The final partition, canonical.
    public var partition: Partition
    /// The objective's quality (see ``Objective/quality(of:in:)``) after each iteration, in
    /// order. Never decreases.
    public var qualities: [Double]
    /// Iterations run, the last of which may have changed nothing.
    public var iterations: Int
}

/// The Leiden community detection algorithm (Traag, Waltman & van Eck 2019, "From Louvain to
/// Leiden: guaranteeing well-connected communities", Scientific Reports 9:5233), with Louvain
/// (Blondel et al. 2008) on the same code path for comparison.
///
/// One iteration runs levels until nothing more can be merged. Each level has three phases,
/// each its own function:
/// 1. **Fast local moving** (`moveNodes`): in sweeps over a random order, each affected node
///    moves to the neighbouring community (or an empty one) with the largest strictly positive
///    gain; when it moves, its neighbours outside the new community are flagged affected.
///    Sweeps stop when one moves nothing or gains less than `tolerance`.
/// 2. **Refinement** (`refine`, Leiden only): inside each community, starting from singletons,
///    well-connected nodes merge into well-connected sub-communities chosen at random with
///    probability ∝ exp(gain / θ) among non-negative gains. Sub-communities are connected.
/// 3. **Aggregation** (`aggregate`): each refined sub-community becomes a node (the moved
///    community for Louvain); the next level starts from the moved partition, so the refinement
///    does not undo the local moving.
///
/// Iterations repeat from the last partition until it no longer changes (or `iterations` are
/// done). Every move strictly improves the objective, so quality never decreases from one
/// iteration to the next. After each Leiden iteration every community is connected: the
/// iteration ends when the refined partition is the moved one, and as a safeguard any
/// community left disconnected is split into its components, which never lowers the quality.
///
/// Results depend only on the graph, the parameters and the seed: every random choice comes
/// from ``SeededGenerator`` (or a hash of its draw and the node), ties go to the first
/// candidate in adjacency order, and the parallel phases work in chunks whose results do not
/// depend on the thread count (``LeidenEngine/sweepMoving(_:masses:membership:emptyCount:order:tolerance:)``).
public struct Leiden: Sendable {
    /// What to maximise. No default: choose modularity for overview, CPM for small dense groups.
    public var objective: Objective
    /// Leiden (default) or Louvain.
    public var algorithm: CommunityAlgorithm
    /// θ, the randomness of the refinement, in edge-weight units of gain (default 0.01, the
    /// value of the paper, igraph and leidenalg). Smaller is greedier; 0 always takes the best.
    public var randomness: Double
    /// Iterations to run; negative (default −1) runs until an iteration changes nothing.
    public var iterations: Int
    /// Threads (default 1). The result is the same for any count.
    public var threads: Int
    /// Local moving on the first level stops once a sweep over the nodes gains less than this
    /// share of the total edge weight (about this much modularity); each later level asks
    /// ten times less (threshold scaling, Sahu 2023). 0 moves until no node wants to move.
    /// Default ``Leiden/defaultTolerance``.
    public var tolerance: Double = Leiden.defaultTolerance
    /// The default ``tolerance``: on the planted 100k graph it saves 9 % of the instructions of
    /// an iteration for 0.00003 of modularity (callgrind; docs/communities.md).
    public static let defaultTolerance = 0.01
    /// The iterations `ringscope communities` runs unless told otherwise: one iteration falls
    /// 0.005 of modularity short of the best peer on the planted graph with mixing 0.5, two are
    /// within 0.001 of it, a third adds 0.0002 for half again the time and "until stable" 0.0007
    /// for about eight times the time (docs/communities.md).
    public static let defaultIterations = 2
    /// Levels with fewer nodes are moved on one thread (tests lower it to exercise the
    /// parallel path on small graphs).
    var parallelMovingMinimumNodes = SweepScratch.parallelMinimumNodes

    /// Creates a configured optimiser.
    /// - Parameters:
    ///   - objective: What to maximise.
    ///   - algorithm: `.leiden` (default) or `.louvain`.
    ///   - randomness: θ of the refinement, default 0.01.
    ///   - iterations: Iterations, default −1 (until stable).
    ///   - threads: Threads, default 1; never changes the result.
    public init(objective: Objective, algorithm: CommunityAlgorithm = .leiden, randomness: Double = 0.01,
                iterations: Int = -1, threads: Int = 1) {
        precondition(randomness >= 0, "randomness must be non-negative")
        self.objective = objective
        self.algorithm = algorithm
        self.randomness = randomness
        self.iterations = iterations
        self.threads = max(1, threads)
    }

    /// Finds communities in `graph`.
    ///
    /// - Parameters:
    ///   - graph: The graph.
    ///   - seed: Seed of every random choice; the same seed gives the same partition.
    /// - Returns: The partition, canonically numbered.
    /// - Complexity: O(m) per level in practice (each node is re-examined only when a
    ///   neighbour moves); levels shrink geometrically on graphs with community structure.
    public func run(on graph: WeightedGraph, seed: UInt64) -> Partition {
        optimise(on: graph, seed: seed, recordingQuality: false).partition
    }

    /// Finds communities in `graph`, starting from `initial` (singletons by default), and
    /// reports the quality after each iteration.
    ///
    /// - Parameters:
    ///   - graph: The graph.
    ///   - seed: Seed of every random choice.
    ///   - initial: Starting partition; `nil` (default) starts from singletons.
    ///   - recordingQuality: Whether to compute ``LeidenResult/qualities`` (O(m) per
    ///     iteration; default true).
    public func optimise(on graph: WeightedGraph, seed: UInt64, from initial: Partition? = nil,
                         recordingQuality: Bool = true) -> LeidenResult {
        let nodeCount = graph.nodeCount
        var current = initial ?? .singletons(nodeCount: nodeCount)
        precondition(current.nodeCount == nodeCount, "initial partition and graph differ in node count")
        var qualities: [Double] = []
        guard nodeCount > 0 else { return LeidenResult(partition: current, qualities: [], iterations: 0) }
        var generator = SeededGenerator(seed: seed)
        let engine = LeidenEngine(graph: graph, objective: objective, algorithm: algorithm,
                                  randomness: randomness, threads: threads, tolerance: tolerance,
                                  parallelMovingMinimumNodes: parallelMovingMinimumNodes)
        var iteration = 0
        while iterations < 0 || iteration < iterations {
            let next = engine.iterate(from: current.membership, generator: &generator)
            iteration += 1
            if recordingQuality { qualities.append(objective.quality(of: next, in: graph)) }
            let stable = next == current
            current = next
            if stable { break }
        }
        return LeidenResult(partition: current, qualities: qualities, iterations: iteration)
    }
}

/// Scratch memory of one run, allocated once for the original graph (levels only shrink) and
/// reused by every phase, so that no phase allocates per node or per edge.
///
/// Raw buffers rather than arrays: the phases are memory-bound loops over random community
/// indices, and array subscripts there also paid a uniqueness and a bounds check per access
/// (g100k-mu0.3, 2 iterations: 0.77 s with arrays, 0.68 s with these buffers, on a shared
/// machine where runs vary by more than that; the same code made the later, larger gains of
/// interleaved community slots and branch-free gathering possible).
final class LeidenScratch {
    /// Per community: the weight from the node being moved and the community's mass, side by
    /// side so that one cache miss fetches both (local moving reads them together).
    let communitySlots: UnsafeMutablePointer<CommunitySlot>
    let neighbourWeight: UnsafeMutablePointer<Double>
    let touched: UnsafeMutablePointer<Int32>
    /// The random order of a level's nodes (and the stack of the connectivity pass).
    let queue: UnsafeMutablePointer<Int32>
    /// Per node: 1 when local moving must look at it again (a neighbour left or joined).
    let affected: UnsafeMutablePointer<UInt8>
    /// Per node: its index in `queue`, the order of the level.
    let position: UnsafeMutablePointer<Int32>
    let communityMass: UnsafeMutablePointer<Double>
    let communitySize: UnsafeMutablePointer<Int32>
    let emptyCommunities: UnsafeMutablePointer<Int32>
    let refinedLabel: UnsafeMutablePointer<Int32>
    let refinedMass: UnsafeMutablePointer<Double>
    let refinedCut: UnsafeMutablePointer<Double>
    let refinedSize: UnsafeMutablePointer<Int32>

    /// Buffers of local moving's chunks, with one weight table per thread.
    let sweep: SweepScratch

    init(capacity: Int, threads: Int = 1) {
        sweep = SweepScratch(nodeCapacity: capacity, threads: threads)
        func make<T>(_ value: T, _ count: Int = capacity) -> UnsafeMutablePointer<T> {
            let pointer = UnsafeMutablePointer<T>.allocate(capacity: max(count, 1))
            pointer.initialize(repeating: value, count: max(count, 1))
            return pointer
        }
        communitySlots = make(CommunitySlot(weight: 0, mass: 0))
        neighbourWeight = make(0.0)
        // One spare slot: branch-free gathering writes a candidate before knowing it is new.
        touched = make(Int32(0), capacity + 1)
        queue = make(Int32(0))
        affected = make(UInt8(0))
        position = make(Int32(0))
        communityMass = make(0.0)
        communitySize = make(Int32(0))
        emptyCommunities = make(Int32(0))
        refinedLabel = make(Int32(0))
        refinedMass = make(0.0)
        refinedCut = make(0.0)
        refinedSize = make(Int32(0))
    }

    deinit {
        communitySlots.deallocate()
        neighbourWeight.deallocate()
        touched.deallocate()
        queue.deallocate()
        affected.deallocate()
        position.deallocate()
        communityMass.deallocate()
        communitySize.deallocate()
        emptyCommunities.deallocate()
        refinedLabel.deallocate()
        refinedMass.deallocate()
        refinedCut.deallocate()
        refinedSize.deallocate()
    }
}

/// What local moving keeps per community.
struct CommunitySlot {
    /// Edge weight from the node under consideration (0 between nodes).
    var weight: Double
    /// Total mass of the community's nodes.
    var mass: Double
}

/// The buffers of local moving's sequential steps (the re-evaluation and application of a
/// move in ``LeidenEngine/sweepMoving(_:masses:membership:emptyCount:order:)``).
struct LocalMoving {
    let slots: UnsafeMutablePointer<CommunitySlot>
    let touched: UnsafeMutablePointer<Int32>
    let communitySize: UnsafeMutablePointer<Int32>
    let emptyCommunities: UnsafeMutablePointer<Int32>
    let membership: UnsafeMutableBufferPointer<Int32>
    let targets: UnsafeBufferPointer<Int32>
    let weights: UnsafeBufferPointer<Double>
    let nodeCount: Int

    init(_ scratch: LeidenScratch, _ csr: CSRView, membership: UnsafeMutableBufferPointer<Int32>) {
        slots = scratch.communitySlots
        touched = scratch.touched
        communitySize = scratch.communitySize
        emptyCommunities = scratch.emptyCommunities
        self.membership = membership
        targets = csr.targets
        weights = csr.weights
        nodeCount = csr.nodeCount
    }

    /// The best community for `node` (arcs `rowStart ..< rowEnd`), in community `current`
    /// whose slot mass already excludes the node's: gain `w_vC − penalty · A_C`, ties to the
    /// first in adjacency order, or the last empty community when every gain is negative and
    /// the node is not alone. Leaves every slot weight at 0.
    @inline(__always)
    func chooseMove(node: Int, current: Int, penalty: Double, rowStart: Int, rowEnd: Int,
                    emptyCount: Int) -> (best: Int, bestGain: Double, stayGain: Double) {
        var touchedCount = 0
        // Branch-free gathering: the "first time seen" test only advances the count, so
        // the loads of many neighbours overlap instead of waiting on mispredictions.
        for arc in rowStart ..< rowEnd {
            let neighbour = Int(targets[arc])
            if neighbour == node { continue }
            let community = Int(membership[neighbour])
            let slot = slots + community
            touched[touchedCount] = Int32(community)
            touchedCount &+= slot.pointee.weight == 0 ? 1 : 0
            slot.pointee.weight += weights[arc]
        }
        let stayGain = slots[current].weight - penalty * slots[current].mass
        var best = current
        var bestGain = stayGain
        for index in 0 ..< touchedCount {
            let community = Int(touched[index])
            let slot = slots + community
            let gain = slot.pointee.weight - penalty * slot.pointee.mass
            if gain > bestGain {
                best = community
                bestGain = gain
            }
            slot.pointee.weight = 0
        }
        slots[current].weight = 0
        if bestGain < 0, communitySize[current] > 1, emptyCount > 0 {
            best = Int(emptyCommunities[emptyCount - 1])
            bestGain = 0
        }
        return (best, bestGain, stayGain)
    }

    /// Moves `node` of `mass` from `current` (whose slot mass already excludes it) to `best`:
    /// community sizes, the list of empty communities, the mass of `best` and the membership.
    @inline(__always)
    func applyMove(node: Int, from current: Int, to best: Int, mass: Double, emptyCount: inout Int) {
        if communitySize[best] == 0 { emptyCount -= 1 }
        communitySize[current] -= 1
        if communitySize[current] == 0 {
            emptyCommunities[emptyCount] = Int32(current)
            emptyCount += 1
        }
        communitySize[best] += 1
        slots[best].mass += mass
        membership[node] = Int32(best)
    }
}

/// The state of one run: the original graph, the constants of the objective and the scratch.
struct LeidenEngine {
    let graph: WeightedGraph
    let objective: Objective
    let algorithm: CommunityAlgorithm
    let randomness: Double
    let threads: Int
    /// Sweeps of the first level stop once one gains less than this share of the total edge
    /// weight (see ``Leiden/tolerance``).
    let tolerance: Double
    /// γ′ of ``Objective``; fixed across levels because aggregation preserves masses and m.
    let penaltyScale: Double
    /// Gains below this are treated as zero, so that rounding noise never moves a node.
    let epsilon: Double
    let scratch: LeidenScratch

    /// Levels with at least this many nodes are moved on `threads` threads.
    let parallelMovingMinimumNodes: Int
    /// A bound on the sweeps of one level's local moving, a guard against a cycle of moves
    /// that rounding could keep alive; sweeps normally stop long before (when one moves
    /// nothing).
    let maximumSweeps = 1000

    init(graph: WeightedGraph, objective: Objective, algorithm: CommunityAlgorithm, randomness: Double, threads: Int,
         tolerance: Double = 0, parallelMovingMinimumNodes: Int = SweepScratch.parallelMinimumNodes) {
        self.parallelMovingMinimumNodes = parallelMovingMinimumNodes
        self.graph = graph
        self.objective = objective
        self.algorithm = algorithm
        self.randomness = randomness
        self.threads = threads
        self.tolerance = tolerance
        self.penaltyScale = objective.penaltyScale(for: graph)
        let meanWeight = graph.edgeCount > 0 ? graph.totalWeight / Double(graph.edgeCount) : 1
        self.epsilon = 1e-10 * max(meanWeight, .leastNormalMagnitude)
        self.scratch = LeidenScratch(capacity: graph.nodeCount, threads: threads)
    }

    /// One iteration: levels of moving, refining and aggregating until nothing merges, started
    /// from `start` on the original graph.
    func iterate(from start: [Int32], generator: inout SeededGenerator) -> Partition {
        let originalCount = graph.nodeCount
        var levelGraph = graph
        var masses = objective.masses(of: graph)
        var membership = start
        var nodeToLevel = (0 ..< originalCount).map { Int32($0) }
        // Threshold scaling (Sahu 2023): a level's sweeps stop once a sweep gains less than
        // this, and each level asks ten times less than the one before.
        var levelTolerance = tolerance * graph.totalWeight
        levels: while true {
            let n = levelGraph.nodeCount
            levelGraph.withCSR { csr in
                masses.withUnsafeBufferPointer { masses in
                    membership.withUnsafeMutableBufferPointer { membership in
                        moveNodes(csr, masses: masses, membership: membership, tolerance: levelTolerance,
                                  generator: &generator)
                    }
                }
            }
            levelTolerance /= 10
            let moved = Partition(labels: membership, bound: n)
            membership = moved.membership
            if moved.communityCount == n { break levels }
            let aggregateOn: Partition
            switch algorithm {
            case .leiden:
                levelGraph.withCSR { csr in
                    masses.withUnsafeBufferPointer { masses in
                        membership.withUnsafeBufferPointer { membership in
                            refine(csr, masses: masses, membership: membership, generator: &generator)
                        }
                    }
                }
                let refined = Partition(labels: Array(UnsafeBufferPointer(start: scratch.refinedLabel, count: n)), bound: n)
                if refined.communityCount == n { break levels }
                aggregateOn = refined
            case .louvain:
                aggregateOn = moved
            }
            var nextMembership = [Int32](repeating: 0, count: aggregateOn.communityCount)
            for node in 0 ..< n {
                nextMembership[Int(aggregateOn.membership[node])] = membership[node]
            }
            (levelGraph, masses) = aggregate(levelGraph, masses: masses, by: aggregateOn)
            for node in 0 ..< originalCount {
                nodeToLevel[node] = aggregateOn.membership[Int(nodeToLevel[node])]
            }
            membership = nextMembership
        }
        var result = [Int32](repeating: 0, count: originalCount)
        for node in 0 ..< originalCount { result[node] = membership[Int(nodeToLevel[node])] }
        switch algorithm {
        case .leiden: return splitDisconnected(result)
        case .louvain: return Partition(labels: result, bound: originalCount)
        }
    }

    /// Fast local moving (Traag et al. 2019, Algorithm A.2 `MoveNodesFast`): sets up the
    /// community masses and sizes and a random order of the nodes, then moves nodes in
    /// deterministic parallel sweeps (``sweepMoving(_:masses:membership:emptyCount:order:)``).
    ///
    /// Moving node `v` of mass `a` out of its community and into community `C` of mass `A_C`,
    /// to which it has edge weight `w_vC`, gains `w_vC − γ′ · a · A_C`; the node goes to the
    /// best community if that beats staying by more than `epsilon` (ties: first in adjacency
    /// order), or to an empty community when every gain is negative.
    /// - Complexity: O(Σ degree of visited nodes); each node is visited once plus once per
    ///   sweep in which a neighbour moved.
    func moveNodes(_ csr: CSRView, masses: UnsafeBufferPointer<Double>, membership: UnsafeMutableBufferPointer<Int32>,
                   tolerance: Double, generator: inout SeededGenerator) {
        let n = csr.nodeCount
        let slots = scratch.communitySlots
        let queue = scratch.queue
        let communitySize = scratch.communitySize
        let emptyCommunities = scratch.emptyCommunities
        for community in 0 ..< n {
            slots[community] = CommunitySlot(weight: 0, mass: 0)
            communitySize[community] = 0
        }
        for node in 0 ..< n {
            let community = Int(membership[node])
            slots[community].mass += masses[node]
            communitySize[community] += 1
        }
        var emptyCount = 0
        for community in stride(from: n - 1, through: 0, by: -1) where communitySize[community] == 0 {
            emptyCommunities[emptyCount] = Int32(community)
            emptyCount += 1
        }
        for node in 0 ..< n { queue[node] = Int32(node) }
        shuffle(queue, count: n, generator: &generator)
        sweepMoving(csr, masses: masses, membership: membership, emptyCount: emptyCount, order: queue,
                    tolerance: tolerance)
    }

    /// Aggregation (Traag et al. 2019, Algorithm A.1 `AggregateGraph`): one node per community
    /// of `partition`, edge weights summed, internal weight kept as a self-loop, masses summed.
    /// Strengths and the total weight are preserved, so the quality of a partition is the same
    /// before and after. Zero-weight arcs are dropped, which keeps every row free of repeats.
    ///
    /// With `threads > 1`, contiguous ranges of communities (balanced by arc count) are built
    /// on separate threads with their own scratch and concatenated in order; each row is built
    /// exactly as on one thread, so the aggregate is identical.
    /// - Complexity: O(n + m) (members grouped by counting sort, neighbours merged with a
    ///   touched list).
    func aggregate(_ graph: WeightedGraph, masses: [Double], by partition: Partition) -> (WeightedGraph, [Double]) {
        let n = graph.nodeCount
        let count = partition.communityCount
        var memberStart = [Int](repeating: 0, count: count + 1)
        var arcStart = [Int](repeating: 0, count: count + 1)
        for node in 0 ..< n {
            let community = Int(partition.membership[node])
            memberStart[community + 1] += 1
            arcStart[community + 1] += graph.offsets[node + 1] - graph.offsets[node]
        }
        for community in 0 ..< count {
            memberStart[community + 1] += memberStart[community]
            arcStart[community + 1] += arcStart[community]
        }
        var members = [Int32](repeating: 0, count: n)
        var cursor = memberStart
        for node in 0 ..< n {
            let community = Int(partition.membership[node])
            members[cursor[community]] = Int32(node)
            cursor[community] += 1
        }
        cursor = []
        let ranges = balancedRanges(count, parts: threads) { arcStart[$0] }
        var rowEnds = [Int](repeating: 0, count: count)
        var aggregateMasses = [Double](repeating: 0, count: count)
        var pieces = [(targets: [Int32], weights: [Double])](repeating: ([], []), count: ranges.count)
        let sequential = ranges.count == 1
        members.withUnsafeBufferPointer { members in
            memberStart.withUnsafeBufferPointer { memberStart in
                masses.withUnsafeBufferPointer { masses in
                    rowEnds.withUnsafeMutableBufferPointer { rowEnds in
                        aggregateMasses.withUnsafeMutableBufferPointer { aggregateMasses in
                            pieces.withUnsafeMutableBufferPointer { pieces in
                                graph.withCSR { csr in
                                    partition.membership.withUnsafeBufferPointer { membership in
                                        let shared = UncheckedSendable(value: (members, memberStart, masses, rowEnds,
                                                                               aggregateMasses, pieces, csr, membership))
                                        concurrentForEach(ranges.count, threads: threads) { task in
                                            let (members, memberStart, masses, rowEnds, aggregateMasses, pieces, csr, membership) = shared.value
                                            let range = ranges[task]
                                            // One thread uses the run's tables; more use local moving's per-thread ones.
                                            let neighbourWeight = sequential ? scratch.neighbourWeight : scratch.sweep.threadWeights[task]
                                            let touched = sequential ? scratch.touched : scratch.sweep.threadTouched[task]
                                            let bound = arcStart[range.upperBound] - arcStart[range.lowerBound]
                                            var targetsPiece: [Int32] = []
                                            pieces[task].weights = [Double](unsafeUninitializedCapacity: bound) { weightBuffer, weightCount in
                                                targetsPiece = [Int32](unsafeUninitializedCapacity: bound) { targetBuffer, targetCount in
                                                    var written = 0
                                                    for community in range {
                                                        var touchedCount = 0
                                                        var mass = 0.0
                                                        for position in memberStart[community] ..< memberStart[community + 1] {
                                                            let node = Int(members[position])
                                                            mass += masses[node]
                                                            for arc in csr.offsets[node] ..< csr.offsets[node + 1] {
                                                                var weight = csr.weights[arc]
                                                                if weight == 0 { continue }
                                                                let neighbour = Int(csr.targets[arc])
                                                                let other = Int(membership[neighbour])
                                                                // An internal non-loop edge is met from both ends;
                                                                // halve it so the self-loop carries it once.
                                                                if other == community, neighbour != node { weight /= 2 }
                                                                touched[touchedCount] = Int32(other)
                                                                touchedCount &+= neighbourWeight[other] == 0 ? 1 : 0
                                                                neighbourWeight[other] += weight
                                                            }
                                                        }
                                                        for index in 0 ..< touchedCount {
                                                            let other = Int(touched[index])
                                                            targetBuffer[written] = Int32(other)
                                                            weightBuffer[written] = neighbourWeight[other]
                                                            written += 1
                                                            neighbourWeight[other] = 0
                                                        }
                                                        rowEnds[community] = written
                                                        aggregateMasses[community] = mass
                                                    }
                                                    targetCount = written
                                                    weightCount = written
                                                }
                                            }
                                            pieces[task].targets = targetsPiece
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var offsets = [Int](repeating: 0, count: count + 1)
        var arcTargets: [Int32]
        var arcWeights: [Double]
        if sequential {
            (arcTargets, arcWeights) = pieces[0]
            for community in 0 ..< count { offsets[community + 1] = rowEnds[community] }
        } else {
            let total = pieces.reduce(0) { $0 + $1.targets.count }
            arcTargets = []
            arcWeights = []
            arcTargets.reserveCapacity(total)
            arcWeights.reserveCapacity(total)
            for (task, range) in ranges.enumerated() {
                let base = arcTargets.count
                for community in range { offsets[community + 1] = base + rowEnds[community] }
                arcTargets.append(contentsOf: pieces[task].targets)
                arcWeights.append(contentsOf: pieces[task].weights)
                pieces[task] = ([], [])
            }
        }
        let aggregated = WeightedGraph(uniqueRows: offsets, targets: arcTargets, weights: arcWeights,
                                       nodeWeights: aggregateMasses)
        return (aggregated, aggregateMasses)
    }

    /// Splits every community of `membership` (on the original graph) into its connected
    /// components. Removing no edge, it keeps the internal weight and lowers the penalty, so
    /// quality never drops.
    /// - Complexity: O(n + m).
    func splitDisconnected(_ membership: [Int32]) -> Partition {
        let n = graph.nodeCount
        var component = [Int32](repeating: -1, count: n)
        var next: Int32 = 0
        graph.withCSR { csr in
            membership.withUnsafeBufferPointer { membership in
                component.withUnsafeMutableBufferPointer { component in
                    let stack = scratch.queue
                    for root in 0 ..< n where component[root] < 0 {
                        component[root] = next
                        stack[0] = Int32(root)
                        var depth = 1
                        while depth > 0 {
                            depth -= 1
                            let node = Int(stack[depth])
                            let community = membership[node]
                            for arc in csr.offsets[node] ..< csr.offsets[node + 1] {
                                let neighbour = Int(csr.targets[arc])
                                if component[neighbour] < 0, membership[neighbour] == community {
                                    component[neighbour] = next
                                    stack[depth] = Int32(neighbour)
                                    depth += 1
                                }
                            }
                        }
                        next += 1
                    }
                }
            }
        }
        return Partition(labels: component, bound: Int(next))
    }

    /// Fisher–Yates on the first `count` entries.
    func shuffle(_ array: UnsafeMutablePointer<Int32>, count: Int, generator: inout SeededGenerator) {
        var index = count - 1
        while index > 0 {
            let other = generator.nextBelow(index + 1)
            let value = array[index]
            array[index] = array[other]
            array[other] = value
            index -= 1
        }
    }
}
