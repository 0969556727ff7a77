import Parallel

/// Buffers of deterministic parallel local moving (see
/// ``LeidenEngine/moveNodes(_:masses:membership:generator:)``), allocated once per run.
final class SweepScratch {
    /// Most nodes evaluated together between two applications of moves. A constant (not a
    /// function of the thread count), so that every thread count walks the same chunks.
    static let chunkCapacity = 2048
    /// Decision of a node of the chunk: `stays`, `toEmpty`, or the community to join.
    static let stays: Int32 = -1
    static let toEmpty: Int32 = -2
    /// Below this many nodes a level is moved on one thread: a chunk would be mostly the cost
    /// of waking the other thread.
    static let parallelMinimumNodes = 20_000

    let threads: Int
    /// Per thread: weight from the node being evaluated to each community, kept at 0
    /// between nodes, and the list of communities touched (a collision-free table per
    /// thread: one slot per community, no hashing).
    let threadWeights: [UnsafeMutablePointer<Double>]
    let threadTouched: [UnsafeMutablePointer<Int32>]
    /// Per thread: the candidates of refinement.
    let threadCandidates: [UnsafeMutablePointer<RefinementEvaluator.Candidate>]
    /// Per position of the chunk: the decision, the weight to the chosen community and to the
    /// node's own, and whether a neighbour comes earlier in the same chunk.
    let decision = UnsafeMutablePointer<Int32>.allocate(capacity: chunkCapacity)
    let weightToBest = UnsafeMutablePointer<Double>.allocate(capacity: chunkCapacity)
    let weightToOwn = UnsafeMutablePointer<Double>.allocate(capacity: chunkCapacity)
    let earlierNeighbour = UnsafeMutablePointer<Bool>.allocate(capacity: chunkCapacity)
    /// Nodes moved in the current chunk, in order.
    let moved = UnsafeMutablePointer<Int32>.allocate(capacity: chunkCapacity)

    init(nodeCapacity: Int, threads: Int) {
        self.threads = threads
        threadWeights = (0 ..< threads).map { _ in
            let pointer = UnsafeMutablePointer<Double>.allocate(capacity: max(nodeCapacity, 1))
            pointer.initialize(repeating: 0, count: max(nodeCapacity, 1))
            return pointer
        }
        // One spare slot: branch-free gathering writes a candidate before knowing it is new.
        threadTouched = (0 ..< threads).map { _ in UnsafeMutablePointer<Int32>.allocate(capacity: nodeCapacity + 1) }
        threadCandidates = (0 ..< threads).map { _ in .allocate(capacity: nodeCapacity + 1) }
    }

    deinit {
        threadWeights.forEach { $0.deallocate() }
        threadTouched.forEach { $0.deallocate() }
        threadCandidates.forEach { $0.deallocate() }
        decision.deallocate()
        weightToBest.deallocate()
        weightToOwn.deallocate()
        earlierNeighbour.deallocate()
        moved.deallocate()
    }
}

extension LeidenEngine {
    /// Fast local moving in deterministic parallel sweeps (after Traag et al. 2019,
    /// Algorithm A.2, with the flag-based pruning of Sahu 2023, "GVE-Leiden").
    ///
    /// Nodes are visited in a random order fixed for the level (`order`, its inverse in
    /// `scratch.position`), in sweeps; a sweep visits only the nodes flagged as affected (all at
    /// first; a node is flagged again when a neighbour moves to another community). A sweep
    /// walks the order in chunks of at most ``SweepScratch/chunkCapacity`` positions, and each
    /// chunk has three phases:
    /// 1. **Evaluate** (parallel): every affected node of the chunk chooses its best community
    ///    (gain `w_vC − γ′ a_v A_C`, ties to the first in adjacency order; an empty community when
    ///    every gain is negative and the node is not alone) against the state at the start of
    ///    the chunk, and notes whether a neighbour precedes it in the chunk.
    /// 2. **Apply** (one thread, in order): each move is re-checked against the current
    ///    community masses and applied if it still beats staying by more than `epsilon`. A
    ///    node with an earlier neighbour in the chunk, after some node of the chunk moved, is
    ///    re-evaluated on the spot, so its neighbour weights are never stale. Every applied move
    ///    therefore strictly improves the objective; applying costs O(1) a move.
    /// 3. **Flag** (parallel): the neighbours of moved nodes that are outside their new
    ///    community are flagged (each thread writes the same byte, 1, whatever the order).
    ///
    /// The chunks, the order and every floating-point operation are the same for any thread
    /// count, so the result is too. Sweeps stop when one moves nothing or gains less than
    /// `tolerance` (in edge-weight units).
    /// - Complexity: O(Σ degree of evaluated nodes) per sweep.
    func sweepMoving(_ csr: CSRView, masses: UnsafeBufferPointer<Double>, membership: UnsafeMutableBufferPointer<Int32>,
                     emptyCount initialEmptyCount: Int, order: UnsafeMutablePointer<Int32>,
                     tolerance: Double) {
        let n = csr.nodeCount
        let slots = scratch.communitySlots
        let affected = scratch.affected, position = scratch.position
        let communitySize = scratch.communitySize
        let offsets = csr.offsets
        let moving = LocalMoving(scratch, csr, membership: membership)
        let sweep = scratch.sweep
        let scale = penaltyScale
        let epsilon = epsilon
        var emptyCount = initialEmptyCount
        for index in 0 ..< n { position[Int(order[index])] = Int32(index) }
        affected.update(repeating: 1, count: n)
        // Smaller levels get smaller chunks (fewer neighbours inside one); the size depends
        // only on the level's node count.
        let chunkSize = max(64, min(SweepScratch.chunkCapacity, n / 64))
        let threads = n >= parallelMovingMinimumNodes ? sweep.threads : 1
        let shared = UncheckedSendable(value: (csr, masses, membership, slots, communitySize, sweep, affected, position, order))
        var sweeps = 0
        while sweeps < maximumSweeps {
            sweeps += 1
            var movedInSweep = 0
            var gainInSweep = 0.0
            var chunkStart = 0
            while chunkStart < n {
                let chunkEnd = min(n, chunkStart + chunkSize)
                let count = chunkEnd - chunkStart
                // 1. Evaluate against the state at the start of the chunk.
                let slice = (count + threads - 1) / threads
                concurrentForEach(threads, threads: threads) { task in
                    let (csr, masses, membership, slots, communitySize, sweep, affected, position, order) = shared.value
                    let lower = chunkStart + task * slice, upper = min(chunkEnd, lower + slice)
                    guard lower < upper else { return }
                    let evaluator = ChunkEvaluator(csr: csr, masses: masses, membership: membership, slots: slots,
                                                   communitySize: communitySize, position: position,
                                                   weight: sweep.threadWeights[task], touched: sweep.threadTouched[task],
                                                   penaltyScale: scale, epsilon: epsilon)
                    for index in lower ..< upper {
                        let local = index - chunkStart
                        let node = Int(order[index])
                        guard affected[node] != 0 else {
                            sweep.decision[local] = SweepScratch.stays
                            continue
                        }
                        affected[node] = 0
                        let choice = evaluator.evaluate(node: node, chunkStart: chunkStart, index: index)
                        sweep.decision[local] = choice.decision
                        sweep.weightToBest[local] = choice.weightToBest
                        sweep.weightToOwn[local] = choice.weightToOwn
                        sweep.earlierNeighbour[local] = choice.earlierNeighbour
                    }
                }
                // 2. Apply in order.
                var movedCount = 0
                for index in chunkStart ..< chunkEnd {
                    let local = index - chunkStart
                    let node = Int(order[index])
                    let decision = sweep.decision[local]
                    // Staying is always safe; only a move must be checked against the present.
                    if decision == SweepScratch.stays { continue }
                    let stale = movedCount > 0 && sweep.earlierNeighbour[local]
                    let current = Int(membership[node])
                    let mass = masses[node]
                    let rowStart = offsets[node], rowEnd = offsets[node + 1]
                    slots[current].mass -= mass
                    var target = current
                    if stale {
                        let (best, bestGain, stayGain) = moving.chooseMove(node: node, current: current, penalty: scale * mass,
                                                                           rowStart: rowStart, rowEnd: rowEnd, emptyCount: emptyCount)
                        if best != current, bestGain > stayGain + epsilon {
                            target = best
                            gainInSweep += bestGain - stayGain
                        }
                    } else {
                        let stayGain = sweep.weightToOwn[local] - scale * mass * slots[current].mass
                        if decision == SweepScratch.toEmpty {
                            if communitySize[current] > 1, emptyCount > 0, 0 > stayGain + epsilon {
                                target = Int(scratch.emptyCommunities[emptyCount - 1])
                                gainInSweep -= stayGain
                            }
                        } else {
                            let best = Int(decision)
                            let gain = sweep.weightToBest[local] - scale * mass * slots[best].mass
                            if gain > stayGain + epsilon {
                                target = best
                                gainInSweep += gain - stayGain
                            }
                        }
                    }
                    if target != current {
                        moving.applyMove(node: node, from: current, to: target, mass: mass, emptyCount: &emptyCount)
                        sweep.moved[movedCount] = Int32(node)
                        movedCount += 1
                    } else {
                        slots[current].mass += mass
                    }
                }
                // 3. Flag the neighbours of moved nodes outside their new community.
                if movedCount > 0 {
                    let flagThreads = movedCount >= 256 ? threads : 1
                    let flagSlice = (movedCount + flagThreads - 1) / flagThreads
                    concurrentForEach(flagThreads, threads: flagThreads) { task in
                        let (csr, _, membership, _, _, sweep, affected, _, _) = shared.value
                        let lower = task * flagSlice, upper = min(movedCount, lower + flagSlice)
                        guard lower < upper else { return }
                        for entry in lower ..< upper {
                            let node = Int(sweep.moved[entry])
                            let community = membership[node]
                            for arc in csr.offsets[node] ..< csr.offsets[node + 1] {
                                let neighbour = Int(csr.targets[arc])
                                if membership[neighbour] != community { affected[neighbour] = 1 }
                            }
                        }
                    }
                }
                movedInSweep += movedCount
                chunkStart = chunkEnd
            }
            if movedInSweep == 0 || gainInSweep < tolerance { break }
        }
    }
}

/// The evaluation of one node against the state at the start of its chunk (phase 1 of
/// ``LeidenEngine/sweepMoving(_:masses:membership:emptyCount:order:tolerance:)``), with every
/// buffer in a `let` so that the loop over arcs keeps them in registers.
struct ChunkEvaluator {
    let offsets: UnsafeBufferPointer<Int>
    let targets: UnsafeBufferPointer<Int32>
    let weights: UnsafeBufferPointer<Double>
    let masses: UnsafeBufferPointer<Double>
    let membership: UnsafeMutableBufferPointer<Int32>
    let slots: UnsafeMutablePointer<CommunitySlot>
    let communitySize: UnsafeMutablePointer<Int32>
    let position: UnsafeMutablePointer<Int32>
    /// This thread's weight per community (0 between nodes) and touched list.
    let weight: UnsafeMutablePointer<Double>
    let touched: UnsafeMutablePointer<Int32>
    let penaltyScale: Double
    let epsilon: Double

    init(csr: CSRView, masses: UnsafeBufferPointer<Double>, membership: UnsafeMutableBufferPointer<Int32>,
         slots: UnsafeMutablePointer<CommunitySlot>, communitySize: UnsafeMutablePointer<Int32>,
         position: UnsafeMutablePointer<Int32>, weight: UnsafeMutablePointer<Double>, touched: UnsafeMutablePointer<Int32>,
         penaltyScale: Double, epsilon: Double) {
        offsets = csr.offsets
        targets = csr.targets
        weights = csr.weights
        self.masses = masses
        self.membership = membership
        self.slots = slots
        self.communitySize = communitySize
        self.position = position
        self.weight = weight
        self.touched = touched
        self.penaltyScale = penaltyScale
        self.epsilon = epsilon
    }

    /// The move `node` (at `index` of the order) would make, the weights it saw, and whether a
    /// neighbour comes before it in the chunk that starts at `chunkStart`.
    @inline(__always)
    func evaluate(node: Int, chunkStart: Int, index: Int)
        -> (decision: Int32, weightToBest: Double, weightToOwn: Double, earlierNeighbour: Bool) {
        let current = Int(membership[node])
        let mass = masses[node]
        let penalty = penaltyScale * mass
        var touchedCount = 0
        // The smallest distance from the chunk's start of a neighbour, unsigned, so that a
        // neighbour before the chunk counts as far away; branch-free.
        var nearest = UInt32.max
        for arc in offsets[node] ..< offsets[node + 1] {
            let neighbour = Int(targets[arc])
            if neighbour == node { continue }
            nearest = min(nearest, UInt32(truncatingIfNeeded: Int(position[neighbour]) &- chunkStart))
            let community = Int(membership[neighbour])
            touched[touchedCount] = Int32(community)
            touchedCount &+= weight[community] == 0 ? 1 : 0
            weight[community] += weights[arc]
        }
        let ownWeight = weight[current]
        let stayGain = ownWeight - penalty * (slots[current].mass - mass)
        var best = current
        var bestGain = stayGain
        for entry in 0 ..< touchedCount {
            let community = Int(touched[entry])
            if community != current {
                let gain = weight[community] - penalty * slots[community].mass
                if gain > bestGain {
                    best = community
                    bestGain = gain
                }
            }
        }
        let bestWeight = weight[best]
        for entry in 0 ..< touchedCount { weight[Int(touched[entry])] = 0 }
        weight[current] = 0
        let earlier = nearest < UInt32(truncatingIfNeeded: index - chunkStart)
        if bestGain < 0, communitySize[current] > 1 {
            return (SweepScratch.toEmpty, 0, ownWeight, earlier)
        }
        if best != current, bestGain > stayGain + epsilon {
            return (Int32(best), bestWeight, ownWeight, earlier)
        }
        return (SweepScratch.stays, 0, ownWeight, earlier)
    }
}
