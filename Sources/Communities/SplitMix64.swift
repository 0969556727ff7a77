import Foundation

/// A small, fast, seeded pseudo-random generator (Steele, Lea & Flood 2014, "SplitMix64").
///
/// Used instead of Swift's `SystemRandomNumberGenerator` so that a seed gives the same stream on
/// every machine and every run: the synthetic worlds, the learned model's folds, test fixtures and
/// benchmarks draw from it, and its output is part of the files they write. (``Leiden`` draws from
/// ``SeededGenerator``, seeded through this one's finaliser.)
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator for one entity or one stage, independent of how much of the main stream
    /// other stages consumed: `SplitMix64(seed: seed, stream: 3, index: 42)`.
    public init(seed: UInt64, stream: UInt64, index: UInt64 = 0) {
        state = SplitMix64.mix(seed &+ SplitMix64.mix(stream &* 0x9E37_79B9_7F4A_7C15 &+ index))
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in `0..<bound` (Lemire's multiply-shift; the tiny bias is irrelevant here).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0 && bound <= Int(UInt32.max))
        return Int(((next() >> 32) &* UInt64(bound)) >> 32)
    }

    /// A uniform integer in a closed range.
    public mutating func between(_ low: Int, _ high: Int) -> Int { low + below(high - low + 1) }

    /// A uniform double in `[0, 1)`.
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// True with probability `probability`.
    public mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// A standard normal deviate (Box–Muller).
    public mutating func normal() -> Double {
        let u1 = max(unit(), 1e-300)
        let u2 = unit()
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }

    /// Shuffles in place (Fisher–Yates), deterministically for this generator's state.
    public mutating func shuffle<T>(_ values: inout [T]) {
        var index = values.count - 1
        while index > 0 {
            let other = below(index + 1)
            if other != index { values.swapAt(index, other) }
            index -= 1
        }
    }
}

