#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Interns the id strings of one entity kind into dense `Int32` indices, in order of first insertion.
///
/// Ids are kept back to back in one byte arena with an open-addressing hash table (linear
/// probing, at most half full), so that interning and looking up an id straight from a CSV field
/// costs no allocation and no `String`. The hash (FNV-1a, 64 bit) has no per-process seed, which
/// keeps everything that depends on it deterministic.
///
/// Each slot holds the id's index together with where its bytes start in the arena, its length
/// and a 24-bit tag from the hash. A lookup in a large table is bound by cache misses: with the
/// index alone a slot led to `bounds` and then to the arena (three misses, and more for every
/// colliding slot); now a colliding slot is almost always rejected by its tag and a match costs
/// the slot and the arena bytes only. On a 1M-seller world (release, CPU time) the links.csv phase
/// of the loader (two lookups per row) went from 6.96 s to 6.45 s and the whole load from 20.1 s
/// to 18.0 s, for 16 instead of 4 bytes per slot (about +240 MB peak on that world).
///
/// - Complexity: expected O(length of the id) per lookup or insertion.
public struct IdTable: Sendable {
    /// One slot of the hash table; `index < 0` marks an empty slot.
    @usableFromInline
    struct Slot: Sendable {
        /// The arena offset in the low 40 bits, the hash tag in the high 24.
        var startAndTag: UInt64
        var index: Int32
        var length: Int32

        static let empty = Slot(startAndTag: 0, index: -1, length: 0)
        static let startMask: UInt64 = (1 << 40) - 1
    }

    private var arena: [UInt8] = []
    private var bounds: [Int] = [0]
    private var slots: [Slot]
    private var mask: Int

    public init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: .empty, count: size)
        mask = size - 1
    }

    /// The number of ids.
    public var count: Int { bounds.count - 1 }

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash ^ (hash >> 29)
    }

    /// The tag kept in a slot: hash bits above those that pick the slot in any table under 2^40.
    @inline(__always)
    private static func tag(_ hash: UInt64) -> UInt64 { hash & ~Slot.startMask }

    /// Finds the slot of the id spelled by `bytes`: `(slot, index)` with `index` the id's index,
    /// or -1 and the empty slot where it would go.
    @inline(__always)
    private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (slot: Int, index: Int32) {
        let tag = IdTable.tag(hash)
        return slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBufferPointer { stored in
                var slot = Int(truncatingIfNeeded: hash) & mask
                while true {
                    let candidate = slots[slot]
                    if candidate.index < 0 { return (slot, -1) }
                    if candidate.startAndTag & ~Slot.startMask == tag && Int(candidate.length) == bytes.count {
                        let start = Int(candidate.startAndTag & Slot.startMask)
                        if bytes.count == 0 || memcmp(stored.baseAddress! + start, bytes.baseAddress!, bytes.count) == 0 {
                            return (slot, candidate.index)
                        }
                    }
                    slot = (slot + 1) & mask
                }
            }
        }
    }

    /// The index of the id spelled by `bytes`, or `nil`.
    public func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let found = find(bytes, hash: IdTable.hash(bytes))
        return found.index < 0 ? nil : found.index
    }

    /// The index of `id`, or `nil`.
    public func index(of id: String) -> Int32? {
        var id = id
        return id.withUTF8 { index(of: $0) }
    }

    /// Inserts the id spelled by `bytes` if new. Returns its index and whether it was new.
    @discardableResult
    public mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> (index: Int32, inserted: Bool) {
        if count * 2 >= slots.count { grow() }
        let hash = IdTable.hash(bytes)
        let found = find(bytes, hash: hash)
        if found.index >= 0 { return (found.index, false) }
        precondition(arena.count + bytes.count <= Int(Slot.startMask) && bytes.count <= Int(Int32.max),
                     "IdTable holds at most 1 TiB of ids")
        let index = Int32(count)
        slots[found.slot] = Slot(startAndTag: UInt64(arena.count) | IdTable.tag(hash), index: index, length: Int32(bytes.count))
        arena.append(contentsOf: bytes)
        bounds.append(arena.count)
        return (index, true)
    }

    /// Inserts `id` if new. Returns its index and whether it was new.
    @discardableResult
    public mutating func insert(_ id: String) -> (index: Int32, inserted: Bool) {
        var id = id
        return id.withUTF8 { insert($0) }
    }

    /// The id at `index`.
    public subscript(index: Int32) -> String {
        arena.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[bounds[Int(index)] ..< bounds[Int(index) + 1]]), as: UTF8.self) }
    }

    private mutating func grow() {
        let size = slots.count * 2
        var grown = [Slot](repeating: .empty, count: size)
        let mask = size - 1
        // In index order, so that the arena is read sequentially.
        arena.withUnsafeBufferPointer { stored in
            for index in 0 ..< count {
                let start = bounds[index]
                let hash = IdTable.hash(UnsafeBufferPointer(rebasing: stored[start ..< bounds[index + 1]]))
                var slot = Int(truncatingIfNeeded: hash) & mask
                while grown[slot].index >= 0 { slot = (slot + 1) & mask }
                grown[slot] = Slot(startAndTag: UInt64(start) | IdTable.tag(hash), index: Int32(index), length: Int32(bounds[index + 1] - start))
            }
        }
        slots = grown
        self.mask = mask
    }
}
