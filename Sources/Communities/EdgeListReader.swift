#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A problem in an edge-list file, with where it is, printed the way compilers print errors
/// (`edges.txt:12:5: error: weight "-1" is negative; weights must be finite and ≥ 0`), so
/// that editors jump to it.
public struct EdgeListError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file as named by the caller.
    public var file: String
    /// 1-based line, or 0 when the problem is the file itself (cannot open, cannot read).
    public var line: Int
    /// 1-based byte column of the offending token, or 0 with `line` 0.
    public var column: Int
    /// What is wrong and what was expected.
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(file):\(line):\(column): error: \(message)" : "\(file): error: \(message)"
    }
}

/// An edge list as read from a file: interned node ids, edges as parallel arrays, and the
/// original token of every node.
///
/// Node `i` is the `i`-th distinct token in order of first appearance; its name is kept as
/// the raw bytes of that token, so that membership files repeat ids exactly as given.
public struct EdgeList: Sendable {
    /// Edge tails, one per edge line.
    public var sources: [Int32] = []
    /// Edge heads, parallel to `sources`.
    public var targets: [Int32] = []
    /// Edge weights, parallel to `sources`; empty when no line gave a weight (all 1).
    public var weights: [Double] = []
    var nameBytes: [UInt8] = []
    var nameOffsets: [Int] = [0]

    /// Number of distinct node ids.
    public var nodeCount: Int { nameOffsets.count - 1 }
    /// Number of edge lines read (duplicates included, as igraph counts them).
    public var edgeCount: Int { sources.count }

    /// The id of `node` as written in the file.
    public func name(of node: Int) -> String {
        String(decoding: nameBytes[nameOffsets[node] ..< nameOffsets[node + 1]], as: UTF8.self)
    }

    /// The weighted graph of these edges, duplicates summed (see ``WeightedGraph``).
    public func graph() -> WeightedGraph {
        WeightedGraph(nodeCount: nodeCount, sources: sources, targets: targets, weights: weights)
    }

    /// The bytes of a membership file: `node<TAB>community` per line, nodes in order of first
    /// appearance, ids as written in the edge list.
    /// - Complexity: O(n + total length of the ids).
    public func membershipTable(_ partition: Partition) -> [UInt8] {
        precondition(partition.nodeCount == nodeCount, "partition and edge list differ in node count")
        var bytes: [UInt8] = []
        bytes.reserveCapacity(nameBytes.count + nodeCount * 8)
        var digits = [UInt8](repeating: 0, count: 12)
        for node in 0 ..< nodeCount {
            bytes.append(contentsOf: nameBytes[nameOffsets[node] ..< nameOffsets[node + 1]])
            bytes.append(UInt8(ascii: "\t"))
            var value = Int(partition.membership[node])
            var count = 0
            repeat {
                digits[count] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
                count += 1
            } while value > 0
            while count > 0 {
                count -= 1
                bytes.append(digits[count])
            }
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// Writes ``membershipTable(_:)`` to `path`, replacing it.
    public func writeMembership(_ partition: Partition, to path: String) throws(EdgeListError) {
        let bytes = membershipTable(partition)
        guard let file = fopen(path, "wb") else {
            throw EdgeListError(file: path, line: 0, column: 0, message: "cannot write: \(systemError())")
        }
        let written = bytes.withUnsafeBufferPointer { fwrite($0.baseAddress, 1, $0.count, file) }
        let closed = fclose(file)
        guard written == bytes.count, closed == 0 else {
            throw EdgeListError(file: path, line: 0, column: 0, message: "cannot write: \(systemError())")
        }
    }
}

/// Reads `a b [weight]` edge lists as a stream of bytes, never as one string.
///
/// Format: one edge per line, fields separated by spaces or tabs (a trailing `\r` is
/// ignored); a field starting with `#` starts a comment that runs to the end of the line, so
/// blank and comment lines are skipped. Node ids are any tokens without whitespace, interned
/// in order of first appearance through one open-addressing hash table over the raw bytes.
/// The weight, when present, must be a finite, non-negative number (`strtod` syntax); without
/// it the edge weighs 1. Anything else is an ``EdgeListError`` with line and column.
///
/// - Complexity: O(file size) time; memory O(n + m) plus a 1 MiB read buffer.
public enum EdgeListReader {
    /// Reads the edge list at `path`.
    public static func read(contentsOf path: String) throws(EdgeListError) -> EdgeList {
        // Not blocking on a FIFO, and only a regular file (a device such as /dev/zero never ends).
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw EdgeListError(file: path, line: 0, column: 0, message: "cannot open: \(systemError())")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            throw EdgeListError(file: path, line: 0, column: 0, message: "not a regular file (a FIFO, device or folder); give an edge-list file")
        }
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) & ~O_NONBLOCK)
        var parser = EdgeListParser(file: path)
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var filled = 0
        while true {
            if filled == buffer.count {
                throw EdgeListError(file: path, line: parser.lineNumber + 1, column: 1,
                                    message: "line longer than \(buffer.count / 1024) KiB; an edge list has one short 'a b [weight]' line per edge")
            }
            let count = buffer.withUnsafeMutableBufferPointer { systemRead(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            guard count >= 0 else {
                throw EdgeListError(file: path, line: 0, column: 0, message: "cannot read: \(systemError())")
            }
            if count == 0 { break }
            let end = filled + count
            // Bytes before `filled` hold no newline (a partial line), so search only the new ones.
            var lastNewline = end - 1
            while lastNewline >= filled, buffer[lastNewline] != UInt8(ascii: "\n") { lastNewline -= 1 }
            if lastNewline < filled {
                filled = end
                continue
            }
            try buffer.withUnsafeBufferPointer { (bytes) throws(EdgeListError) in
                try parser.parseLines(UnsafeBufferPointer(rebasing: bytes[0 ..< lastNewline + 1]))
            }
            let rest = end - (lastNewline + 1)
            if rest > 0 {
                buffer.withUnsafeMutableBufferPointer { bytes in
                    let base = bytes.baseAddress!
                    base.update(from: base + lastNewline + 1, count: rest)
                }
            }
            filled = rest
        }
        if filled > 0 {
            try buffer.withUnsafeBufferPointer { (bytes) throws(EdgeListError) in
                try parser.parseLines(UnsafeBufferPointer(rebasing: bytes[0 ..< filled]))
            }
        }
        return parser.finish()
    }

    /// Parses an edge list held in memory (for tests and small inputs); `file` names it in
    /// errors.
    public static func parse(_ text: String, file: String = "<input>") throws(EdgeListError) -> EdgeList {
        var parser = EdgeListParser(file: file)
        let bytes = Array(text.utf8)
        try bytes.withUnsafeBufferPointer { (buffer) throws(EdgeListError) in try parser.parseLines(buffer) }
        return parser.finish()
    }
}

/// `read(2)`, named apart from ``EdgeListReader/read(contentsOf:)``.
func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

func systemError() -> String {
    String(cString: strerror(errno))
}

/// The line parser and the interning table behind ``EdgeListReader``.
struct EdgeListParser {
    let file: String
    var lineNumber = 0
    var edges = EdgeList()
    var sawWeight = false
    /// The sum of the weights read so far, and its bound: modularity multiplies strengths
    /// (k_i k_j / 2m), so with weights summing near 1e308 it came out as -nan.
    var totalWeight = 0.0
    static let maximumTotalWeight = 1e100
    /// Open-addressing table of (hash, node) for ids that are not small decimals (node −1:
    /// empty), capacity a power of two, at most half full.
    var table = [TableEntry](repeating: TableEntry(hash: 0, node: -1), count: 1 << 12)
    var tableCount = 0
    /// Node of each small decimal id, indexed by its value (−1: not seen).
    var numericNodes: [Int32] = []
    var numberBuffer = [CChar](repeating: 0, count: 64)

    init(file: String) {
        self.file = file
    }

    mutating func finish() -> EdgeList {
        if sawWeight, edges.weights.count < edges.sources.count {
            edges.weights.append(contentsOf: repeatElement(1, count: edges.sources.count - edges.weights.count))
        }
        return edges
    }

    /// Parses whole lines; the last may lack its newline only at the end of the file.
    mutating func parseLines(_ bytes: UnsafeBufferPointer<UInt8>) throws(EdgeListError) {
        let newline = UInt8(ascii: "\n")
        var lineStart = 0
        let count = bytes.count
        while lineStart < count {
            var lineEnd = lineStart
            while lineEnd < count, bytes[lineEnd] != newline { lineEnd += 1 }
            lineNumber += 1
            try parseLine(bytes, lineStart, lineEnd)
            lineStart = lineEnd + 1
        }
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    mutating func parseLine(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws(EdgeListError) {
        var starts = (0, 0, 0), ends = (0, 0, 0)
        var fieldCount = 0
        var position = start
        while true {
            while position < end, Self.isSpace(bytes[position]) { position += 1 }
            if position == end || bytes[position] == UInt8(ascii: "#") { break }
            let fieldStart = position
            while position < end, !Self.isSpace(bytes[position]) { position += 1 }
            switch fieldCount {
            case 0: starts.0 = fieldStart; ends.0 = position
            case 1: starts.1 = fieldStart; ends.1 = position
            case 2: starts.2 = fieldStart; ends.2 = position
            default:
                throw error(column: fieldStart - start + 1,
                            "unexpected fourth field; expected 'a b [weight]' (use '#' for comments)")
            }
            fieldCount += 1
        }
        switch fieldCount {
        case 0: return
        case 1: throw error(column: ends.0 - start + 1, "missing second node; expected 'a b [weight]'")
        default: break
        }
        var weight = 1.0
        if fieldCount == 3 {
            weight = try parseWeight(bytes, starts.2, ends.2, column: starts.2 - start + 1)
            if !sawWeight {
                sawWeight = true
                edges.weights.reserveCapacity(edges.sources.capacity)
                edges.weights.append(contentsOf: repeatElement(1, count: edges.sources.count))
            }
        }
        if sawWeight {
            totalWeight += weight
            guard totalWeight <= EdgeListParser.maximumTotalWeight else {
                throw error(column: starts.2 - start + 1, "the weights up to this line sum to more than 1e100; quality sums multiply weights, so they must stay below: scale the weights down")
            }
        }
        let source = intern(bytes, starts.0, ends.0)
        let target = intern(bytes, starts.1, ends.1)
        edges.sources.append(source)
        edges.targets.append(target)
        if sawWeight { edges.weights.append(weight) }
    }

    func error(column: Int, _ message: String) -> EdgeListError {
        EdgeListError(file: file, line: lineNumber, column: column, message: message)
    }

    mutating func parseWeight(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, column: Int) throws(EdgeListError) -> Double {
        let length = end - start
        // Built only for messages, so a valid weight costs no allocation.
        var text: String { String(decoding: UnsafeBufferPointer(rebasing: bytes[start ..< end]), as: UTF8.self) }
        if length + 1 > numberBuffer.count { numberBuffer = [CChar](repeating: 0, count: length + 1) }
        let (value, consumed) = numberBuffer.withUnsafeMutableBufferPointer { buffer -> (Double, Int) in
            for index in 0 ..< length { buffer[index] = CChar(bitPattern: bytes[start + index]) }
            buffer[length] = 0
            var stop: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(buffer.baseAddress!, &stop)
            return (value, stop! - buffer.baseAddress!)
        }
        guard consumed == length else {
            throw error(column: column, "weight \"\(text)\" is not a number")
        }
        guard value.isFinite else {
            throw error(column: column, "weight \"\(text)\" is not finite; weights must be finite and ≥ 0")
        }
        guard value >= 0 else {
            throw error(column: column, "weight \"\(text)\" is negative; weights must be finite and ≥ 0")
        }
        return value
    }

    /// The node index of the token `bytes[start ..< end]`, adding it if new.
    ///
    /// Loading is bound by memory latency, not by hashing: a lookup in the general table
    /// touches the slot and the stored name. Canonical decimal ids below 2^24 (no sign, no
    /// leading zero), the common case, skip the table for a direct array indexed by value:
    /// one cache miss per token (loading 1M nodes / 10M edges: 13.4 s → 2.9 s).
    /// Which path a token takes depends on the token alone, so both paths stay consistent.
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        let length = end - start
        if length <= 8, length == 1 || bytes[start] != UInt8(ascii: "0") {
            var value = 0
            var isNumber = true
            for index in start ..< end {
                let digit = bytes[index] &- UInt8(ascii: "0")
                if digit > 9 {
                    isNumber = false
                    break
                }
                value = value * 10 + Int(digit)
            }
            if isNumber, value < Self.directLimit {
                if value >= numericNodes.count {
                    let newCount = min(Self.directLimit, max(value + 1, 2 * numericNodes.count))
                    numericNodes.append(contentsOf: repeatElement(-1, count: newCount - numericNodes.count))
                }
                let known = numericNodes[value]
                if known >= 0 { return known }
                let node = addName(bytes, start, end)
                numericNodes[value] = node
                return node
            }
        }
        return internInTable(bytes, start, end)
    }

    /// Decimal ids below this use ``numericNodes`` (at most 64 MiB of Int32).
    static let directLimit = 1 << 24

    mutating func addName(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        let node = edges.nameOffsets.count - 1
        precondition(node < Int(Int32.max), "more than 2^31 − 1 nodes")
        edges.nameBytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start ..< end]))
        edges.nameOffsets.append(edges.nameBytes.count)
        return Int32(node)
    }

    /// The general path: an open-addressing table whose slots keep the hash beside the node,
    /// so that a mismatch costs no visit to the stored name.
    mutating func internInTable(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        // FNV-1a, then a multiply-xorshift finaliser so that short ids spread well.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for index in start ..< end { hash = (hash ^ UInt64(bytes[index])) &* 0x0000_0100_0000_01B3 }
        hash ^= hash >> 32
        hash &*= 0xD6E8_FEB8_6659_FD93
        hash ^= hash >> 32
        let length = end - start
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = table[slot]
            if entry.node < 0 { break }
            if entry.hash == hash {
                let node = Int(entry.node)
                let nameStart = edges.nameOffsets[node]
                if edges.nameOffsets[node + 1] - nameStart == length {
                    var same = true
                    for index in 0 ..< length where edges.nameBytes[nameStart + index] != bytes[start + index] {
                        same = false
                        break
                    }
                    if same { return entry.node }
                }
            }
            slot = (slot + 1) & mask
        }
        let node = addName(bytes, start, end)
        table[slot] = TableEntry(hash: hash, node: node)
        tableCount += 1
        if 2 * tableCount > table.count {
            let old = table
            table = [TableEntry](repeating: TableEntry(hash: 0, node: -1), count: old.count * 2)
            let mask = table.count - 1
            for entry in old where entry.node >= 0 {
                var slot = Int(truncatingIfNeeded: entry.hash) & mask
                while table[slot].node >= 0 { slot = (slot + 1) & mask }
                table[slot] = entry
            }
        }
        return node
    }
}

struct TableEntry {
    var hash: UInt64
    var node: Int32
}
