import ArgumentParser
import Foundation
import SellerGraph
#if canImport(Glibc)
import Glibc
#endif

/// `ringscope fold-identifiers`: identifiers.csv rows folded and checked, stdin to stdout — the
/// Spark job's identifier step (`SELECT TRANSFORM … USING`), so that identifier values are folded
/// by the one implementation ``FoldedIdentifier`` and never by a copy of it in Python.
struct FoldIdentifiers: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fold-identifiers",
        abstract: "Fold identifiers.csv rows as analyze folds them (stdin to stdout; for the Spark job).",
        discussion: """
        Reads 'row<TAB>KIND<TAB>VALUE' lines, KIND and VALUE in hexadecimal UTF-8 (any byte may \
        stand in a CSV field). Writes one line per row: \
        'row<TAB>kind<TAB>KEY<TAB>linkable<TAB>column<TAB>MESSAGE': the kind as analyze reads \
        it, the folded value (KEY, hexadecimal; rows of one kind with one key are one identifier), \
        1 if it may link sellers (0 for a private IP address), and for a row analyze refuses the \
        column at fault ('kind' or 'value') and the error (MESSAGE, hexadecimal). Empty fields \
        are '-'. See docs/distributed.md.

        Example:
          $ printf '0\\t70686f6e65\\t3133383030313338303030\\n' | ringscope fold-identifiers
          0\tphone\t2b38363133383030313338303030\t1\t-\t-
        """
    )

    func run() throws {
        // Line by line: each chunk read from stdin is answered before the next is read, so that
        // memory stays bounded by the chunk and the longest line (not the whole partition Spark
        // sends), and the answer to a line comes while Spark is still writing the next ones.
        var reader = LineReader(descriptor: 0)
        var line = 0
        var output: [UInt8] = []
        while let lines = try reader.nextLines() {
            for text in lines {
                line += 1
                if text.isEmpty { continue }
                guard let answer = FoldIdentifiers.answer(text) else {
                    FoldIdentifiers.write(output)
                    Console.error("<stdin>:\(line): error: expected 'row<TAB>KIND<TAB>VALUE' with KIND and VALUE in hexadecimal")
                    throw ExitCode(1)
                }
                output.append(contentsOf: answer.utf8)
            }
            FoldIdentifiers.write(output)
            output.removeAll(keepingCapacity: true)
        }
    }

    /// The output line for one input line (with its newline), or nil if the line is malformed.
    static func answer(_ text: Substring) -> String? {
        let fields = text.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count == 3, let kind = unhex(fields[1]), let value = unhex(fields[2]) else { return nil }
        let checked = DatasetLoader.checkIdentifier(kind: kind, value: value)
        let key = checked.folded.map { hex($0.key) } ?? "-"
        let linkable = checked.folded?.isLinkable == true ? "1" : "0"
        let column = checked.problem.map { $0.inKindColumn ? "kind" : "value" } ?? "-"
        let message = checked.problem.map { hex($0.message) } ?? "-"
        return "\(fields[0])\t\(checked.kind?.rawValue ?? "-")\t\(key)\t\(linkable)\t\(column)\t\(message)\n"
    }

    /// Writes all of `bytes` to stdout (retrying short writes and EINTR); a write that fails
    /// (the reader has gone) ends the command with exit 1.
    static func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { Glibc.exit(1) }
                offset += written
            }
        }
    }

    /// Complete lines from a file descriptor, a chunk at a time; the bytes after the last
    /// newline wait for the next chunk (or are the last line at end of file). Memory: one chunk
    /// and the longest line.
    struct LineReader {
        let descriptor: Int32
        private var chunk = [UInt8](repeating: 0, count: 1 << 16)
        private var pending: [UInt8] = []
        private var ended = false

        init(descriptor: Int32) { self.descriptor = descriptor }

        /// The lines completed by the next read (without their newlines; possibly none), or nil
        /// at the end of the input.
        mutating func nextLines() throws -> [Substring]? {
            guard !ended else { return nil }
            var count = 0
            repeat {
                count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
            } while count < 0 && errno == EINTR
            if count < 0 {
                Console.error("<stdin>: error: cannot read: \(String(cString: strerror(errno)))")
                throw ExitCode(1)
            }
            if count == 0 {
                ended = true
                guard !pending.isEmpty else { return nil }
                defer { pending.removeAll() }
                return [String(decoding: pending, as: UTF8.self)[...]]
            }
            guard let lastNewline = chunk[0 ..< count].lastIndex(of: UInt8(ascii: "\n")) else {
                pending.append(contentsOf: chunk[0 ..< count])
                return []
            }
            pending.append(contentsOf: chunk[0 ..< lastNewline])
            let lines = pending.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
                .map { String(decoding: $0, as: UTF8.self)[...] }
            pending.removeAll(keepingCapacity: true)
            pending.append(contentsOf: chunk[(lastNewline + 1) ..< count])
            return lines
        }
    }

    static func hex(_ text: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count * 2)
        for byte in text.utf8 {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 15)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The UTF-8 text of `hex` (either case), or nil if it is not hexadecimal; "" for "" or "-".
    static func unhex(_ hex: Substring) -> String? {
        if hex == "-" { return "" }
        let utf8 = Array(hex.utf8)
        guard utf8.count % 2 == 0 else { return nil }
        func digit(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0") ... UInt8(ascii: "9"): byte - UInt8(ascii: "0")
            case UInt8(ascii: "a") ... UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A") ... UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count / 2)
        var index = 0
        while index < utf8.count {
            guard let high = digit(utf8[index]), let low = digit(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
