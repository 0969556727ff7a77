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
/// A lookup in a large table is bound by cache misses, so each 16-byte slot carries enough to
/// decide without leaving it: an id of up to 11 bytes (as all ids of the generated worlds are) is
/// kept in the slot itself, a longer one as its arena offset, length and a 24-bit
/// hash tag. With the index alone a slot led to `bounds` and then to the arena (three misses per
/// lookup, more for every colliding slot). On a 1M-seller world (release, CPU time) the
/// links.csv phase of the loader, two lookups per row, went from 6.96 s to 4.71 s and the whole
/// load from 20.1 s to 16.9 s, for 16 instead of 4 bytes per slot (about +240 MB peak there).
///
/// - Complexity: expected O(length of the id) per lookup or insertion.
public struct IdTable: Sendable {
    /// One slot of the hash table; `index < 0` marks an empty slot.
    ///
    /// An id of at most ``Slot/inlineLimit`` bytes is kept in the slot itself: `words` holds its
    /// first 8 bytes, `tail` its bytes 8 to 10 and, in the top byte, its length; comparing the
    /// two words compares the id, with no access to the arena. A longer id has `0xFF` in the top
    /// byte of `tail` and its length below (saturated at 2^24 - 1, then `bounds` has it), and
    /// `words` holds its arena offset (low 40 bits) and a 24-bit tag from the hash.
    @usableFromInline
    struct Slot: Sendable {
        var index: Int32
        var tail: UInt32
        var words: UInt64

        static let empty = Slot(index: -1, tail: 0, words: 0)
        static let inlineLimit = 11
        static let longMarker: UInt32 = 0xFF00_0000
        static let lengthMask: UInt32 = 0x00FF_FFFF
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

    /// The slot contents (`tail`, `words`) of the id spelled by `bytes`, whose arena offset is
    /// `start` (used only for an id too long to be kept in the slot).
    @inline(__always)
    private static func key(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64, start: Int) -> (tail: UInt32, words: UInt64) {
        let length = bytes.count
        if length <= Slot.inlineLimit {
            var words: UInt64 = 0
            var tail = UInt32(length) << 24
            for offset in 0 ..< min(length, 8) { words |= UInt64(bytes[offset]) << (8 * offset) }
            if length > 8 {
                for offset in 8 ..< length { tail |= UInt32(bytes[offset]) << (8 * (offset - 8)) }
            }
            return (tail, words)
        }
        return (Slot.longMarker | UInt32(min(length, Int(Slot.lengthMask))),
                UInt64(start) | (hash & ~Slot.startMask))
    }

    /// Finds the slot of the id spelled by `bytes`: `(slot, index)` with `index` the id's index,
    /// or -1 and the empty slot where it would go.
    @inline(__always)
    private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> (slot: Int, index: Int32) {
        let key = IdTable.key(bytes, hash: hash, start: 0)
        let isInline = bytes.count <= Slot.inlineLimit
        return slots.withUnsafeBufferPointer { slots in
            var slot = Int(truncatingIfNeeded: hash) & mask
            while true {
                let candidate = slots[slot]
                if candidate.index < 0 { return (slot, -1) }
                if candidate.tail == key.tail {
                    if isInline {
                        if candidate.words == key.words { return (slot, candidate.index) }
                    } else if candidate.words & ~Slot.startMask == key.words & ~Slot.startMask
                                && matchesLong(candidate, bytes) {
                        return (slot, candidate.index)
                    }
                }
                slot = (slot + 1) & mask
            }
        }
    }

    /// Whether the long id in `slot` (same tag and saturated length as `bytes`) is `bytes`.
    private func matchesLong(_ slot: Slot, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(slot.words & Slot.startMask)
        if slot.tail & Slot.lengthMask == Slot.lengthMask && bounds[Int(slot.index) + 1] - start != bytes.count { return false }
        return arena.withUnsafeBufferPointer { stored in
            memcmp(stored.baseAddress! + start, bytes.baseAddress!, bytes.count) == 0
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
        precondition(arena.count + bytes.count <= Int(Slot.startMask), "IdTable holds at most 1 TiB of ids")
        let index = Int32(count)
        let key = IdTable.key(bytes, hash: hash, start: arena.count)
        slots[found.slot] = Slot(index: index, tail: key.tail, words: key.words)
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
                let bytes = UnsafeBufferPointer(rebasing: stored[start ..< bounds[index + 1]])
                let hash = IdTable.hash(bytes)
                var slot = Int(truncatingIfNeeded: hash) & mask
                while grown[slot].index >= 0 { slot = (slot + 1) & mask }
                let key = IdTable.key(bytes, hash: hash, start: start)
                grown[slot] = Slot(index: Int32(index), tail: key.tail, words: key.words)
            }
        }
        slots = grown
        self.mask = mask
    }
}
