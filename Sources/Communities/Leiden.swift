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
/// 1. **Fast local moving** (`moveNodes`): nodes wait in a queue in random order; a node moves
///    to the neighbouring community (or an empty one) with the largest strictly positive gain;
///    when it moves, its neighbours outside the new community rejoin the queue.
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
/// from ``SeededGenerator``, ties go to the first candidate in adjacency order, and `threads`
/// is used only where the result is the same for any thread count.
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
    /// Threads for the work whose result is identical on any count (default 1).
    public var threads: Int
    /// Levels with fewer nodes are moved on one thread (tests lower it to exercise the
    /// parallel path on small graphs).
    var parallelMovingMinimumNodes = Speculation.minimumNodes

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
                                  randomness: randomness, threads: threads,
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
    let queue: UnsafeMutablePointer<Int32>
    let inQueue: UnsafeMutablePointer<Bool>
    let communityMass: UnsafeMutablePointer<Double>
    let communitySize: UnsafeMutablePointer<Int32>
    let emptyCommunities: UnsafeMutablePointer<Int32>
    let refinedLabel: UnsafeMutablePointer<Int32>
    let refinedMass: UnsafeMutablePointer<Double>
    let refinedCut: UnsafeMutablePointer<Double>
    let refinedSize: UnsafeMutablePointer<Int32>
    let candidateCommunity: UnsafeMutablePointer<Int32>
    let candidateGain: UnsafeMutablePointer<Double>

    /// Buffers of speculative parallel local moving; nil with one thread.
    let speculation: Speculation?

    init(capacity: Int, threads: Int = 1) {
        speculation = threads > 1 ? Speculation(nodeCapacity: capacity, threads: threads) : nil
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
        inQueue = make(false)
        communityMass = make(0.0)
        communitySize = make(Int32(0))
        emptyCommunities = make(Int32(0))
        refinedLabel = make(Int32(0))
        refinedMass = make(0.0)
        refinedCut = make(0.0)
        refinedSize = make(Int32(0))
        candidateCommunity = make(Int32(0), capacity + 1)
        candidateGain = make(0.0, capacity + 1)
    }

    deinit {
        communitySlots.deallocate()
        neighbourWeight.deallocate()
        touched.deallocate()
        queue.deallocate()
        inQueue.deallocate()
        communityMass.deallocate()
        communitySize.deallocate()
        emptyCommunities.deallocate()
        refinedLabel.deallocate()
        refinedMass.deallocate()
        refinedCut.deallocate()
        refinedSize.deallocate()
        candidateCommunity.deallocate()
        candidateGain.deallocate()
    }
}

/// What local moving keeps per community.
struct CommunitySlot {
    /// Edge weight from the node under consideration (0 between nodes).
    var weight: Double
    /// Total mass of the community's nodes.
    var mass: Double
}

/// The buffers of local moving, shared by the sequential loop of
/// ``LeidenEngine/moveNodes(_:masses:membership:generator:)`` and the commits of
/// ``LeidenEngine/moveNodesSpeculatively(_:masses:membership:emptyCount:speculation:)``, so
/// that both choose and apply a move with the same operations in the same order.
struct LocalMoving {
    let slots: UnsafeMutablePointer<CommunitySlot>
    let touched: UnsafeMutablePointer<Int32>
    let communitySize: UnsafeMutablePointer<Int32>
    let emptyCommunities: UnsafeMutablePointer<Int32>
    let queue: UnsafeMutablePointer<Int32>
    let inQueue: UnsafeMutablePointer<Bool>
    let membership: UnsafeMutableBufferPointer<Int32>
    let targets: UnsafeBufferPointer<Int32>
    let weights: UnsafeBufferPointer<Double>
    let nodeCount: Int

    init(_ scratch: LeidenScratch, _ csr: CSRView, membership: UnsafeMutableBufferPointer<Int32>) {
        slots = scratch.communitySlots
        touched = scratch.touched
        communitySize = scratch.communitySize
        emptyCommunities = scratch.emptyCommunities
        queue = scratch.queue
        inQueue = scratch.inQueue
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

    /// Appends to the circular queue the neighbours (arcs `rowStart ..< rowEnd`) of a node just
    /// moved to `best` that are outside `best` and not already queued.
    @inline(__always)
    func enqueueNeighbours(rowStart: Int, rowEnd: Int, best: Int, head: Int, pending: inout Int) {
        let n = nodeCount
        for arc in rowStart ..< rowEnd {
            let neighbour = Int(targets[arc])
            if !inQueue[neighbour], Int(membership[neighbour]) != best {
                inQueue[neighbour] = true
                var tail = head + pending
                if tail >= n { tail -= n }
                queue[tail] = Int32(neighbour)
                pending += 1
            }
        }
    }
}

/// The state of one run: the original graph, the constants of the objective and the scratch.
struct LeidenEngine {
    let graph: WeightedGraph
    let objective: Objective
    let algorithm: CommunityAlgorithm
    let randomness: Double
    let threads: Int
    /// γ′ of ``Objective``; fixed across levels because aggregation preserves masses and m.
    let penaltyScale: Double
    /// Gains below this are treated as zero, so that rounding noise never moves a node.
    let epsilon: Double
    let scratch: LeidenScratch

    /// Levels with at least this many nodes use speculative parallel moving when threads > 1.
    let parallelMovingMinimumNodes: Int

    init(graph: WeightedGraph, objective: Objective, algorithm: CommunityAlgorithm, randomness: Double, threads: Int,
         parallelMovingMinimumNodes: Int = Speculation.minimumNodes) {
        self.parallelMovingMinimumNodes = parallelMovingMinimumNodes
        self.graph = graph
        self.objective = objective
        self.algorithm = algorithm
        self.randomness = randomness
        self.threads = threads
        self.penaltyScale = objective.penaltyScale(for: graph)
        let meanWeight = graph.edgeCount > 0 ? graph.totalWeight / Double(graph.edgeCount) : 1
        self.epsilon = 1e-10 * max(meanWeight, .leastNormalMagnitude)
        self.scratch = LeidenScratch(capacity: graph.nodeCount,
                                     threads: graph.nodeCount >= parallelMovingMinimumNodes ? threads : 1)
    }

    /// One iteration: levels of moving, refining and aggregating until nothing merges, started
    /// from `start` on the original graph.
    func iterate(from start: [Int32], generator: inout SeededGenerator) -> Partition {
        let originalCount = graph.nodeCount
        var levelGraph = graph
        var masses = objective.masses(of: graph)
        var membership = start
        var nodeToLevel = (0 ..< originalCount).map { Int32($0) }
        levels: while true {
            let n = levelGraph.nodeCount
            levelGraph.withCSR { csr in
                masses.withUnsafeBufferPointer { masses in
                    membership.withUnsafeMutableBufferPointer { membership in
                        moveNodes(csr, masses: masses, membership: membership, generator: &generator)
                    }
                }
            }
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

    /// Fast local moving (Traag et al. 2019, Algorithm A.2 `MoveNodesFast`).
    ///
    /// Moving node `v` of mass `a` out of its community and into community `C` of mass `A_C`,
    /// to which it has edge weight `w_vC`, gains `w_vC − γ′ · a · A_C`; the node goes to the
    /// best community if that beats staying by more than `epsilon` (ties: first in adjacency
    /// order), or to an empty community when every gain is negative.
    /// - Complexity: O(Σ degree of visited nodes); each node is visited once plus once per
    ///   move of a neighbour.
    func moveNodes(_ csr: CSRView, masses: UnsafeBufferPointer<Double>, membership: UnsafeMutableBufferPointer<Int32>,
                   generator: inout SeededGenerator) {
        let n = csr.nodeCount
        let slots = scratch.communitySlots
        let queue = scratch.queue, inQueue = scratch.inQueue
        let communitySize = scratch.communitySize
        let emptyCommunities = scratch.emptyCommunities
        let offsets = csr.offsets
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
        inQueue.update(repeating: true, count: n)
        if let speculation = scratch.speculation, n >= parallelMovingMinimumNodes {
            moveNodesSpeculatively(csr, masses: masses, membership: membership, emptyCount: emptyCount,
                                   speculation: speculation)
            return
        }
        var head = 0
        var pending = n
        let scale = penaltyScale
        let epsilon = epsilon
        let moving = LocalMoving(scratch, csr, membership: membership)
        while pending > 0 {
            let node = Int(queue[head])
            head = head + 1 == n ? 0 : head + 1
            pending -= 1
            inQueue[node] = false
            let current = Int(membership[node])
            let mass = masses[node]
            let rowStart = offsets[node], rowEnd = offsets[node + 1]
            slots[current].mass -= mass
            let (best, bestGain, stayGain) = moving.chooseMove(node: node, current: current, penalty: scale * mass,
                                                                rowStart: rowStart, rowEnd: rowEnd, emptyCount: emptyCount)
            if best != current, bestGain > stayGain + epsilon {
                moving.applyMove(node: node, from: current, to: best, mass: mass, emptyCount: &emptyCount)
                moving.enqueueNeighbours(rowStart: rowStart, rowEnd: rowEnd, best: best, head: head, pending: &pending)
            } else {
                slots[current].mass += mass
            }
        }
    }

    /// Refinement (Traag et al. 2019, Algorithms A.3 `RefinePartition` and A.4
    /// `MergeNodesSubset`), leaving the refined labels in `scratch.refinedLabel`.
    ///
    /// Every node starts alone. In random order, each node `v` still alone and well connected
    /// to the rest of its community `S` (`E(v, S − v) ≥ γ′ · a_v · (A_S − a_v)`) joins a
    /// well-connected sub-community `C ⊆ S` of non-negative gain `w_vC − γ′ · a_v · A_C`, chosen
    /// with probability ∝ exp(gain / θ) (staying alone has gain 0). Joins follow edges of
    /// positive weight, so sub-communities are connected.
    /// - Complexity: O(n + m).
    func refine(_ csr: CSRView, masses: UnsafeBufferPointer<Double>, membership: UnsafeBufferPointer<Int32>,
                generator: inout SeededGenerator) {
        let n = csr.nodeCount
        let scale = penaltyScale
        let neighbourWeight = scratch.neighbourWeight, touched = scratch.touched, queue = scratch.queue
        let communityMass = scratch.communityMass
        let refinedLabel = scratch.refinedLabel, refinedMass = scratch.refinedMass
        let refinedCut = scratch.refinedCut, refinedSize = scratch.refinedSize
        let candidateCommunity = scratch.candidateCommunity, candidateGain = scratch.candidateGain
        let offsets = csr.offsets, targets = csr.targets, weights = csr.weights
        communityMass.update(repeating: 0, count: n)
        for node in 0 ..< n {
            communityMass[Int(membership[node])] += masses[node]
            refinedLabel[node] = Int32(node)
            refinedMass[node] = masses[node]
            refinedSize[node] = 1
        }
        // Each node's weight to the rest of its community, independent per node, so ranges
        // of nodes can be summed on separate threads with identical results.
        let ranges = balancedRanges(n, parts: threads) { offsets[$0] }
        let shared = UncheckedSendable(value: (csr, membership, refinedCut))
        concurrentForEach(ranges.count, threads: threads) { task in
            let (csr, membership, refinedCut) = shared.value
            for node in ranges[task] {
                var cut = 0.0
                let community = membership[node]
                for arc in csr.offsets[node] ..< csr.offsets[node + 1] {
                    let neighbour = Int(csr.targets[arc])
                    if neighbour != node, membership[neighbour] == community { cut += csr.weights[arc] }
                }
                refinedCut[node] = cut
            }
        }
        for node in 0 ..< n { queue[node] = Int32(node) }
        shuffle(queue, count: n, generator: &generator)
        for position in 0 ..< n {
            let node = Int(queue[position])
            guard refinedSize[node] == 1, Int(refinedLabel[node]) == node else { continue }
            let community = membership[node]
            let mass = masses[node]
            let communityTotal = communityMass[Int(community)]
            guard refinedCut[node] >= scale * mass * (communityTotal - mass) else { continue }
            var touchedCount = 0
            for arc in offsets[node] ..< offsets[node + 1] {
                let neighbour = Int(targets[arc])
                let weight = weights[arc]
                if neighbour == node || weight == 0 || membership[neighbour] != community { continue }
                let sub = Int(refinedLabel[neighbour])
                if neighbourWeight[sub] == 0 {
                    touched[touchedCount] = Int32(sub)
                    touchedCount += 1
                }
                neighbourWeight[sub] += weight
            }
            // Candidate 0 is staying alone, with gain 0.
            candidateCommunity[0] = Int32(node)
            candidateGain[0] = 0
            var candidateCount = 1
            var maximumGain = 0.0
            for index in 0 ..< touchedCount {
                let sub = Int(touched[index])
                let subMass = refinedMass[sub]
                let gain = neighbourWeight[sub] - scale * mass * subMass
                if gain >= 0, refinedCut[sub] >= scale * subMass * (communityTotal - subMass) {
                    candidateCommunity[candidateCount] = Int32(sub)
                    candidateGain[candidateCount] = gain
                    candidateCount += 1
                    if gain > maximumGain { maximumGain = gain }
                }
            }
            var chosen = 0
            if candidateCount > 1 {
                if randomness > 0 {
                    // Shift by the maximum so that exp never overflows.
                    var total = 0.0
                    for index in 0 ..< candidateCount {
                        total += exp((candidateGain[index] - maximumGain) / randomness)
                        candidateGain[index] = total
                    }
                    let draw = generator.nextUnitDouble() * total
                    chosen = candidateCount - 1
                    for index in 0 ..< candidateCount where draw < candidateGain[index] {
                        chosen = index
                        break
                    }
                } else {
                    for index in 0 ..< candidateCount where candidateGain[index] == maximumGain {
                        chosen = index
                        break
                    }
                }
            }
            if chosen != 0 {
                let sub = Int(candidateCommunity[chosen])
                refinedLabel[node] = Int32(sub)
                refinedSize[node] = 0
                refinedSize[sub] += 1
                refinedMass[sub] += mass
                refinedCut[sub] += refinedCut[node] - 2 * neighbourWeight[sub]
            }
            for index in 0 ..< touchedCount { neighbourWeight[Int(touched[index])] = 0 }
        }
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
                                            // One thread reuses the run's scratch; more get their own.
                                            let ownScratch = sequential ? nil : LeidenScratch(capacity: count)
                                            let neighbourWeight = (ownScratch ?? scratch).neighbourWeight
                                            let touched = (ownScratch ?? scratch).touched
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
