import Foundation
import Parallel

extension LeidenEngine {
    /// Refinement (Traag et al. 2019, Algorithms A.3 `RefinePartition` and A.4
    /// `MergeNodesSubset`), leaving the refined labels in `scratch.refinedLabel`.
    ///
    /// Every node starts alone. In random order, each node `v` still alone and well connected
    /// to the rest of its community `S` (`E(v, S − v) ≥ γ′ · a_v · (A_S − a_v)`) joins a
    /// well-connected sub-community `C ⊆ S` of non-negative gain `w_vC − γ′ · a_v · A_C`, chosen
    /// with probability ∝ exp(gain / θ) (staying alone has gain 0). Joins follow edges of
    /// positive weight, so sub-communities are connected.
    ///
    /// Deterministic on any number of threads, like local moving: the order is walked in
    /// chunks; the nodes of a chunk choose in parallel against the state at its start, each
    /// with its own random number (a hash of the node and a seed drawn once per call, so no
    /// draw depends on which thread ran first); the joins are then applied one by one in order,
    /// each checked against the present state (the node still alone, the sub-community still
    /// well connected, the gain still non-negative) and re-chosen on the spot when a neighbour
    /// earlier in the chunk joined something or the check fails.
    /// - Complexity: O(n + m).
    func refine(_ csr: CSRView, masses: UnsafeBufferPointer<Double>, membership: UnsafeBufferPointer<Int32>,
                generator: inout SeededGenerator) {
        let n = csr.nodeCount
        let offsets = csr.offsets
        let order = scratch.queue, position = scratch.position
        let communityMass = scratch.communityMass
        let refinedLabel = scratch.refinedLabel, refinedMass = scratch.refinedMass
        let refinedCut = scratch.refinedCut, refinedSize = scratch.refinedSize
        let sweep = scratch.sweep
        communityMass.update(repeating: 0, count: n)
        for node in 0 ..< n {
            communityMass[Int(membership[node])] += masses[node]
            refinedLabel[node] = Int32(node)
            refinedMass[node] = masses[node]
            refinedSize[node] = 1
        }
        // Each node's weight to the rest of its community, independent per node.
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
        for node in 0 ..< n { order[node] = Int32(node) }
        shuffle(order, count: n, generator: &generator)
        for index in 0 ..< n { position[Int(order[index])] = Int32(index) }
        let drawSeed = generator.next()
        let chunkSize = max(64, min(SweepScratch.chunkCapacity, n / 64))
        let threads = n >= parallelMovingMinimumNodes ? sweep.threads : 1
        func evaluator(_ task: Int) -> RefinementEvaluator {
            RefinementEvaluator(csr: csr, masses: masses, membership: membership, communityMass: communityMass,
                                refinedLabel: refinedLabel, refinedMass: refinedMass, refinedCut: refinedCut,
                                refinedSize: refinedSize, position: position, weight: sweep.threadWeights[task],
                                touched: sweep.threadTouched[task], candidates: sweep.threadCandidates[task],
                                penaltyScale: penaltyScale, randomness: randomness, drawSeed: drawSeed)
        }
        let evaluators = (0 ..< threads).map(evaluator)
        let chosenWeight = sweep.weightToBest
        let sharedChunk = UncheckedSendable(value: (evaluators, sweep, order))
        var chunkStart = 0
        while chunkStart < n {
            let chunkEnd = min(n, chunkStart + chunkSize)
            let slice = (chunkEnd - chunkStart + threads - 1) / threads
            // 1. Choose against the state at the start of the chunk.
            concurrentForEach(threads, threads: threads) { task in
                let (evaluators, sweep, order) = sharedChunk.value
                let lower = chunkStart + task * slice, upper = min(chunkEnd, lower + slice)
                guard lower < upper else { return }
                let evaluator = evaluators[task]
                for index in lower ..< upper {
                    let local = index - chunkStart
                    let choice = evaluator.choose(node: Int(order[index]), chunkStart: chunkStart, index: index)
                    sweep.decision[local] = choice.sub
                    sweep.weightToBest[local] = choice.weight
                    sweep.earlierNeighbour[local] = choice.earlierNeighbour
                }
            }
            // 2. Apply in order, each join checked against the present.
            var joined = false
            for index in chunkStart ..< chunkEnd {
                let local = index - chunkStart
                var sub = Int(sweep.decision[local])
                if sub < 0 { continue }
                let node = Int(order[index])
                var weight = chosenWeight[local]
                if (joined && sweep.earlierNeighbour[local])
                    || !evaluators[0].stillValid(node: node, sub: sub, weight: weight) {
                    let again = evaluators[0].choose(node: node, chunkStart: chunkStart, index: index)
                    sub = Int(again.sub)
                    weight = again.weight
                    if sub < 0 { continue }
                }
                let mass = masses[node]
                refinedLabel[node] = Int32(sub)
                refinedSize[node] = 0
                refinedSize[sub] += 1
                refinedMass[sub] += mass
                refinedCut[sub] += refinedCut[node] - 2 * weight
                joined = true
            }
            chunkStart = chunkEnd
        }
    }
}

/// One node's choice of a sub-community in ``LeidenEngine/refine(_:masses:membership:generator:)``,
/// with every buffer in a `let`.
struct RefinementEvaluator {
    let offsets: UnsafeBufferPointer<Int>
    let targets: UnsafeBufferPointer<Int32>
    let weights: UnsafeBufferPointer<Double>
    let masses: UnsafeBufferPointer<Double>
    let membership: UnsafeBufferPointer<Int32>
    let communityMass: UnsafeMutablePointer<Double>
    let refinedLabel: UnsafeMutablePointer<Int32>
    let refinedMass: UnsafeMutablePointer<Double>
    let refinedCut: UnsafeMutablePointer<Double>
    let refinedSize: UnsafeMutablePointer<Int32>
    let position: UnsafeMutablePointer<Int32>
    /// This thread's weight per sub-community (0 between nodes), touched list and candidate
    /// buffer (sub-communities and running sums of exp(gain / θ)).
    let weight: UnsafeMutablePointer<Double>
    let touched: UnsafeMutablePointer<Int32>
    let candidates: UnsafeMutablePointer<Candidate>
    let penaltyScale: Double
    let randomness: Double
    let drawSeed: UInt64

    struct Candidate {
        var sub: Int32
        var gain: Double
    }

    init(csr: CSRView, masses: UnsafeBufferPointer<Double>, membership: UnsafeBufferPointer<Int32>,
         communityMass: UnsafeMutablePointer<Double>, refinedLabel: UnsafeMutablePointer<Int32>,
         refinedMass: UnsafeMutablePointer<Double>, refinedCut: UnsafeMutablePointer<Double>,
         refinedSize: UnsafeMutablePointer<Int32>, position: UnsafeMutablePointer<Int32>,
         weight: UnsafeMutablePointer<Double>, touched: UnsafeMutablePointer<Int32>,
         candidates: UnsafeMutablePointer<Candidate>, penaltyScale: Double, randomness: Double, drawSeed: UInt64) {
        offsets = csr.offsets
        targets = csr.targets
        weights = csr.weights
        self.masses = masses
        self.membership = membership
        self.communityMass = communityMass
        self.refinedLabel = refinedLabel
        self.refinedMass = refinedMass
        self.refinedCut = refinedCut
        self.refinedSize = refinedSize
        self.position = position
        self.weight = weight
        self.touched = touched
        self.candidates = candidates
        self.penaltyScale = penaltyScale
        self.randomness = randomness
        self.drawSeed = drawSeed
    }

    /// The node's uniform random number in `[0, 1)`: SplitMix64's finaliser of the seed and
    /// the node, so that it does not depend on the order in which nodes are evaluated.
    @inline(__always)
    func draw(_ node: Int) -> Double {
        let bits = SeededGenerator.mix(drawSeed &+ UInt64(truncatingIfNeeded: node) &* 0x9E37_79B9_7F4A_7C15)
        return Double(bits >> 11) * 0x1.0p-53
    }

    /// Whether `sub` is well connected to the rest of `community` of total mass `total`.
    @inline(__always)
    func wellConnected(_ sub: Int, total: Double) -> Bool {
        let subMass = refinedMass[sub]
        return refinedCut[sub] >= penaltyScale * subMass * (total - subMass)
    }

    /// The sub-community `node` joins (−1: it stays alone) with its weight to it, chosen against
    /// the present state, and whether a neighbour precedes it in the chunk at `chunkStart`.
    @inline(__always)
    func choose(node: Int, chunkStart: Int, index: Int) -> (sub: Int32, weight: Double, earlierNeighbour: Bool) {
        guard refinedSize[node] == 1, Int(refinedLabel[node]) == node else { return (-1, 0, false) }
        let community = membership[node]
        let mass = masses[node]
        let total = communityMass[Int(community)]
        guard refinedCut[node] >= penaltyScale * mass * (total - mass) else { return (-1, 0, false) }
        var touchedCount = 0
        var nearest = UInt32.max
        for arc in offsets[node] ..< offsets[node + 1] {
            let neighbour = Int(targets[arc])
            let arcWeight = weights[arc]
            if neighbour == node || arcWeight == 0 || membership[neighbour] != community { continue }
            nearest = min(nearest, UInt32(truncatingIfNeeded: Int(position[neighbour]) &- chunkStart))
            let sub = Int(refinedLabel[neighbour])
            touched[touchedCount] = Int32(sub)
            touchedCount &+= weight[sub] == 0 ? 1 : 0
            weight[sub] += arcWeight
        }
        let earlier = nearest < UInt32(truncatingIfNeeded: index - chunkStart)
        // Candidate 0 is staying alone, with gain 0.
        candidates[0] = Candidate(sub: -1, gain: 0)
        var candidateCount = 1
        var maximumGain = 0.0
        for entry in 0 ..< touchedCount {
            let sub = Int(touched[entry])
            let gain = weight[sub] - penaltyScale * mass * refinedMass[sub]
            if gain >= 0, wellConnected(sub, total: total) {
                candidates[candidateCount] = Candidate(sub: Int32(sub), gain: gain)
                candidateCount += 1
                if gain > maximumGain { maximumGain = gain }
            }
        }
        var chosen = 0
        if candidateCount > 1 {
            if randomness > 0 {
                // Shift by the maximum so that exp never overflows.
                var sum = 0.0
                for entry in 0 ..< candidateCount {
                    sum += exp((candidates[entry].gain - maximumGain) / randomness)
                    candidates[entry].gain = sum
                }
                let threshold = draw(node) * sum
                chosen = candidateCount - 1
                for entry in 0 ..< candidateCount where threshold < candidates[entry].gain {
                    chosen = entry
                    break
                }
            } else {
                for entry in 0 ..< candidateCount where candidates[entry].gain == maximumGain {
                    chosen = entry
                    break
                }
            }
        }
        let sub = candidates[chosen].sub
        let chosenWeight = sub >= 0 ? weight[Int(sub)] : 0
        for entry in 0 ..< touchedCount { weight[Int(touched[entry])] = 0 }
        return (sub, chosenWeight, earlier)
    }

    /// Whether a join chosen at the chunk's start still holds: the node is still alone, and
    /// `sub` is still well connected and still gains at least 0 with the node's `weight` to it.
    @inline(__always)
    func stillValid(node: Int, sub: Int, weight: Double) -> Bool {
        guard refinedSize[node] == 1, Int(refinedLabel[node]) == node, refinedSize[sub] > 0 else { return false }
        let total = communityMass[Int(membership[node])]
        return weight - penaltyScale * masses[node] * refinedMass[sub] >= 0 && wellConnected(sub, total: total)
    }
}
