/// A seeded pseudo-random generator: xoshiro256** (Blackman & Vigna 2018) seeded through
/// SplitMix64, so that every seed, including 0, gives a well-mixed state.
///
/// The sequence depends only on the seed, never on the platform or the Swift version, which is
/// why ``Leiden`` draws its shuffles and choices from here (and from ``nextBelow(_:)`` and
/// ``nextUnitDouble()``, which are also fixed) rather than from the standard library's
/// `random(in:using:)`, whose mapping from bits to values is not specified.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// Creates a generator whose sequence is fixed by `seed`.
    public init(seed: UInt64) {
        var splitMix = seed
        func nextSplitMix() -> UInt64 {
            splitMix &+= 0x9E37_79B9_7F4A_7C15
            return Self.mix(splitMix)
        }
        state = (nextSplitMix(), nextSplitMix(), nextSplitMix(), nextSplitMix())
    }

    /// SplitMix64's finaliser: 64 well-mixed bits from any 64 (a bijection).
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 { SplitMix64.mix(value) }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let shifted = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= shifted
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    /// A uniform integer in `0 ..< bound` (Lemire's multiply-and-reject, unbiased).
    /// - Precondition: `bound > 0`.
    public mutating func nextBelow(_ bound: Int) -> Int {
        precondition(bound > 0)
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// A uniform double in `[0, 1)` with 53 random bits.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Shuffles `array` in place (Fisher–Yates) with this generator.
    public mutating func shuffle<Element>(_ array: inout [Element]) {
        var index = array.count - 1
        while index > 0 {
            let other = nextBelow(index + 1)
            array.swapAt(index, other)
            index -= 1
        }
    }

    private func rotateLeft(_ value: UInt64, _ amount: UInt64) -> UInt64 {
        (value << amount) | (value >> (64 - amount))
    }
}
