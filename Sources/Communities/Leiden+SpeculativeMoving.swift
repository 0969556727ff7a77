import Parallel

/// Buffers of speculative parallel local moving (see
/// ``LeidenEngine/moveNodesSpeculatively(_:masses:membership:emptyCount:speculation:)``).
final class Speculation {
    /// Below this many nodes a level is moved on one thread: batches would be mostly overhead.
    static let minimumNodes = 20_000
    /// Nodes evaluated together between two commits.
    static let batchCapacity = 2048
    /// Touched communities one thread may record per batch; past it, nodes are re-evaluated.
    static let touchedCapacity = 1 << 18

    let threads: Int
    /// Per thread: weight from the node being evaluated, per community (kept at 0 between nodes).
    let threadWeights: [UnsafeMutablePointer<Double>]
    /// Per thread: the touched communities of its nodes, one run per node.
    let threadTouched: [UnsafeMutablePointer<Int32>]
    let batchNode = UnsafeMutablePointer<Int32>.allocate(capacity: batchCapacity)
    let batchBest = UnsafeMutablePointer<Int32>.allocate(capacity: batchCapacity)
    let batchBestGain = UnsafeMutablePointer<Double>.allocate(capacity: batchCapacity)
    let batchStayGain = UnsafeMutablePointer<Double>.allocate(capacity: batchCapacity)
    /// 1 when the evaluation must be redone at commit (empty-community case or no room).
    let batchRedo = UnsafeMutablePointer<Bool>.allocate(capacity: batchCapacity)
    let batchTouchedStart = UnsafeMutablePointer<Int>.allocate(capacity: batchCapacity)
    let batchTouchedEnd = UnsafeMutablePointer<Int>.allocate(capacity: batchCapacity)
    /// Communities changed by commits of the current batch: a small open-addressing set whose
    /// entries are valid only with the current generation, so it is never cleared.
    static let modifiedCapacity = 4 * batchCapacity
    let modifiedKeys = UnsafeMutablePointer<Int32>.allocate(capacity: modifiedCapacity)
    let modifiedGeneration = UnsafeMutablePointer<UInt32>.allocate(capacity: modifiedCapacity)

    /// Generation of the last batch committed; set entries of other generations are stale.
    var lastGeneration: UInt32 = 0

    init(nodeCapacity: Int, threads: Int) {
        self.threads = threads
        threadWeights = (0 ..< threads).map { _ in
            let pointer = UnsafeMutablePointer<Double>.allocate(capacity: nodeCapacity)
            pointer.initialize(repeating: 0, count: nodeCapacity)
            return pointer
        }
        threadTouched = (0 ..< threads).map { _ in UnsafeMutablePointer<Int32>.allocate(capacity: Self.touchedCapacity) }
        modifiedGeneration.initialize(repeating: 0, count: Self.modifiedCapacity)
    }

    deinit {
        threadWeights.forEach { $0.deallocate() }
        threadTouched.forEach { $0.deallocate() }
        batchNode.deallocate()
        batchBest.deallocate()
        batchBestGain.deallocate()
        batchStayGain.deallocate()
        batchRedo.deallocate()
        batchTouchedStart.deallocate()
        batchTouchedEnd.deallocate()
        modifiedKeys.deallocate()
        modifiedGeneration.deallocate()
    }
}

extension LeidenEngine {
    /// Fast local moving with the same result as the sequential loop of `moveNodes`, with the
    /// evaluation of nodes spread over threads.
    ///
    /// The next nodes of the queue (a batch) are evaluated in parallel against the state at
    /// the start of the batch; then they are committed one by one, in queue order, exactly as
    /// the sequential loop would. An evaluation stays valid when none of the communities it
    /// read (the node's own and its neighbours') changed during the commits before it: a
    /// neighbour that moved changed the community it left, so that case is caught too.
    /// Changed communities go into a small set that fits in the L1 cache, so checking costs a
    /// few probes per neighbour community; an invalid evaluation is redone sequentially.
    /// Gains are computed with the same floating-point operations in the same order as the
    /// sequential loop, so the memberships are byte-identical for any thread count.
    func moveNodesSpeculatively(_ csr: CSRView, masses: UnsafeBufferPointer<Double>,
                                membership: UnsafeMutableBufferPointer<Int32>, emptyCount initialEmptyCount: Int,
                                speculation: Speculation) {
        let n = csr.nodeCount
        let slots = scratch.communitySlots
        let queue = scratch.queue, inQueue = scratch.inQueue
        let communitySize = scratch.communitySize
        let offsets = csr.offsets
        let moving = LocalMoving(scratch, csr, membership: membership)
        let scale = penaltyScale
        let epsilon = epsilon
        var emptyCount = initialEmptyCount
        var head = 0
        var pending = n
        var generation = speculation.lastGeneration
        let modifiedMask = Speculation.modifiedCapacity - 1
        let modifiedKeys = speculation.modifiedKeys, modifiedGeneration = speculation.modifiedGeneration
        var modifiedCount = 0

        func markModified(_ community: Int) {
            var slot = Int((UInt32(truncatingIfNeeded: community) &* 0x9E37_79B1) >> 7) & modifiedMask
            while modifiedGeneration[slot] == generation {
                if Int(modifiedKeys[slot]) == community { return }
                slot = (slot + 1) & modifiedMask
            }
            modifiedGeneration[slot] = generation
            modifiedKeys[slot] = Int32(community)
            modifiedCount += 1
        }
        func isModified(_ community: Int) -> Bool {
            var slot = Int((UInt32(truncatingIfNeeded: community) &* 0x9E37_79B1) >> 7) & modifiedMask
            while modifiedGeneration[slot] == generation {
                if Int(modifiedKeys[slot]) == community { return true }
                slot = (slot + 1) & modifiedMask
            }
            return false
        }

        let batchNode = speculation.batchNode, batchBest = speculation.batchBest
        let batchBestGain = speculation.batchBestGain, batchStayGain = speculation.batchStayGain
        let batchRedo = speculation.batchRedo
        let batchTouchedStart = speculation.batchTouchedStart, batchTouchedEnd = speculation.batchTouchedEnd
        let threads = speculation.threads
        let shared = UncheckedSendable(value: (csr, masses, membership, slots, communitySize, speculation))

        while pending > 0 {
            let batchCount = min(Speculation.batchCapacity, pending)
            for index in 0 ..< batchCount {
                var position = head + index
                if position >= n { position -= n }
                batchNode[index] = queue[position]
            }
            // Evaluate in parallel against the state at the start of the batch (read-only).
            let chunk = (batchCount + threads - 1) / threads
            concurrentForEach(threads, threads: threads) { task in
                let (csr, masses, membership, slots, communitySize, speculation) = shared.value
                let localWeight = speculation.threadWeights[task]
                let localTouched = speculation.threadTouched[task]
                var used = 0
                let lower = task * chunk, upper = min(batchCount, lower + chunk)
                guard lower < upper else { return }
                for index in lower ..< upper {
                    let node = Int(speculation.batchNode[index])
                    let rowStart = csr.offsets[node], rowEnd = csr.offsets[node + 1]
                    guard used + (rowEnd - rowStart) + 1 <= Speculation.touchedCapacity else {
                        speculation.batchRedo[index] = true
                        continue
                    }
                    let start = used
                    let current = Int(membership[node])
                    let mass = masses[node]
                    let penalty = scale * mass
                    for arc in rowStart ..< rowEnd {
                        let neighbour = Int(csr.targets[arc])
                        if neighbour == node { continue }
                        let community = Int(membership[neighbour])
                        localTouched[used] = Int32(community)
                        used &+= localWeight[community] == 0 ? 1 : 0
                        localWeight[community] += csr.weights[arc]
                    }
                    let currentMass = slots[current].mass - mass
                    let stayGain = localWeight[current] - penalty * currentMass
                    var best = current
                    var bestGain = stayGain
                    for position in start ..< used {
                        let community = Int(localTouched[position])
                        let communityMass = community == current ? currentMass : slots[community].mass
                        let gain = localWeight[community] - penalty * communityMass
                        if gain > bestGain {
                            best = community
                            bestGain = gain
                        }
                        localWeight[community] = 0
                    }
                    localWeight[current] = 0
                    speculation.batchRedo[index] = bestGain < 0 && communitySize[current] > 1
                    speculation.batchBest[index] = Int32(best)
                    speculation.batchBestGain[index] = bestGain
                    speculation.batchStayGain[index] = stayGain
                    speculation.batchTouchedStart[index] = start
                    speculation.batchTouchedEnd[index] = used
                }
            }
            // Commit in queue order, as the sequential loop would.
            generation &+= 1
            if generation == 0 {
                modifiedGeneration.update(repeating: 0, count: Speculation.modifiedCapacity)
                generation = 1
            }
            modifiedCount = 0
            for index in 0 ..< batchCount {
                let node = Int(batchNode[index])
                head = head + 1 == n ? 0 : head + 1
                pending -= 1
                inQueue[node] = false
                let current = Int(membership[node])
                let mass = masses[node]
                let rowStart = offsets[node], rowEnd = offsets[node + 1]
                var valid = !batchRedo[index]
                if valid, modifiedCount > 0 {
                    if isModified(current) {
                        valid = false
                    } else {
                        let buffer = speculation.threadTouched[index / chunk]
                        for position in batchTouchedStart[index] ..< batchTouchedEnd[index]
                            where isModified(Int(buffer[position])) {
                            valid = false
                            break
                        }
                    }
                }
                let best: Int
                let bestGain: Double
                let stayGain: Double
                let massBefore = slots[current].mass
                slots[current].mass -= mass
                if valid {
                    best = Int(batchBest[index])
                    bestGain = batchBestGain[index]
                    stayGain = batchStayGain[index]
                } else {
                    (best, bestGain, stayGain) = moving.chooseMove(node: node, current: current, penalty: scale * mass,
                                                                   rowStart: rowStart, rowEnd: rowEnd, emptyCount: emptyCount)
                }
                if best != current, bestGain > stayGain + epsilon {
                    moving.applyMove(node: node, from: current, to: best, mass: mass, emptyCount: &emptyCount)
                    markModified(current)
                    markModified(best)
                    moving.enqueueNeighbours(rowStart: rowStart, rowEnd: rowEnd, best: best, head: head, pending: &pending)
                } else {
                    slots[current].mass += mass
                    // Rounding may leave the mass a hair off; later evaluations must see it.
                    if slots[current].mass != massBefore { markModified(current) }
                }
            }
        }
        // The next call starts past this generation, so no old entry ever looks current.
        speculation.lastGeneration = generation
    }
}
