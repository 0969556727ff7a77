/// Interns the id strings of one entity kind into dense `Int32` indices, in order of first insertion.
///
/// Ids are kept back to back in one byte arena with an open-addressing hash table of indices, so
/// that interning and looking up an id straight from a CSV field costs no allocation and no
/// `String`. The hash (FNV-1a, 64 bit) has no per-process seed, which keeps everything that
/// depends on it deterministic.
///
/// - Complexity: expected O(length of the id) per lookup or insertion.
public struct IdTable: Sendable {
    private var arena: [UInt8] = []
    private var bounds: [Int] = [0]
    private var slots: [Int32]
    private var mask: Int

    public init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
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

    @inline(__always)
    private func matches(_ index: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = bounds[Int(index)]
        let stop = bounds[Int(index) + 1]
        guard stop - start == bytes.count else { return false }
        return arena.withUnsafeBufferPointer { stored in
            var offset = 0
            while offset < bytes.count {
                if stored[start + offset] != bytes[offset] { return false }
                offset += 1
            }
            return true
        }
    }

    /// The index of the id spelled by `bytes`, or `nil`.
    public func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        var slot = Int(truncatingIfNeeded: IdTable.hash(bytes)) & mask
        while true {
            let candidate = slots[slot]
            if candidate < 0 { return nil }
            if matches(candidate, bytes) { return candidate }
            slot = (slot + 1) & mask
        }
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
        var slot = Int(truncatingIfNeeded: IdTable.hash(bytes)) & mask
        while true {
            let candidate = slots[slot]
            if candidate < 0 { break }
            if matches(candidate, bytes) { return (candidate, false) }
            slot = (slot + 1) & mask
        }
        let index = Int32(count)
        arena.append(contentsOf: bytes)
        bounds.append(arena.count)
        slots[slot] = index
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
        slots = [Int32](repeating: -1, count: size)
        mask = size - 1
        arena.withUnsafeBufferPointer { stored in
            for index in 0 ..< count {
                var slot = Int(truncatingIfNeeded: IdTable.hash(UnsafeBufferPointer(rebasing: stored[bounds[index] ..< bounds[index + 1]]))) & mask
                while slots[slot] >= 0 { slot = (slot + 1) & mask }
                slots[slot] = Int32(index)
            }
        }
    }
}
