#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A streaming RFC 4180 CSV reader working on bytes.
///
/// It reads the file in blocks of ``blockSize`` bytes and splits records in place, never holding
/// the whole file and never building a `String` unless asked for one: fields are exposed as byte
/// buffers (``withField(_:_:)``) so that ids can be interned without allocation. It accepts
/// quoted fields holding commas, doubled quotes and newlines, CRLF or LF line ends, and a UTF-8
/// byte-order mark; it skips blank lines. It reports an unterminated quote, stray characters after
/// a closing quote and invalid UTF-8 as ``DatasetError``s with the record's line and the field's
/// column.
///
/// Measured against yaslab/CSV.swift and swiftcsv/SwiftCSV by `Benchmarks/ReaderBenchmark`
/// (numbers in docs/reader-benchmark.md): on a 1M-seller world's links.csv it reads 4.5M rows a
/// second, 16–20× the other two, which is what makes a million link rows a second reachable
/// for the whole loader.
///
/// - Complexity: O(n) in the bytes of the file; a record split by a block boundary is scanned twice.
public final class CSVReader {
    public static let blockSize = 1 << 20
    /// The longest field accepted, in bytes. Names, addresses and titles of real exports are
    /// under a kilobyte; a longer field is an export error (an unclosed quote swallowing the
    /// rest of the file) or an attack (a 50 MB seller name took 145 s and 6.3 GB to analyse).
    public static let maximumFieldBytes = 1 << 16
    /// The longest record accepted, in bytes: what the reader holds at once is bounded by it,
    /// whatever the file (a record longer than the first block is reported, not grown into).
    public static let maximumRecordBytes = blockSize

    /// The file name used in error messages (the path's last component).
    public let fileName: String
    private let descriptor: Int32
    private var buffer: [UInt8]
    private var position = 0
    private var end = 0
    private var atEndOfFile = false
    private var nextLine = 1

    /// Unescaped bytes of the current record's fields, back to back.
    private var fieldBytes: [UInt8] = []
    /// `fieldBounds[i] ..< fieldBounds[i + 1]` is field `i` in `fieldBytes`.
    private var fieldBounds: [Int] = [0]
    private var recordHasHighBytes = false
    /// The field (1-based) a record cut by the end of the buffer had reached.
    private var pendingColumn = 1

    /// The line on which the current record starts (1-based).
    public private(set) var recordLine = 0
    /// The number of fields of the current record.
    public var fieldCount: Int { fieldBounds.count - 1 }

    /// Opens `path` for reading; throws a ``DatasetError`` if it cannot be read.
    public init(path: String, displayName: String? = nil) throws {
        let name = displayName ?? String(path.split(separator: "/").last ?? Substring(path))
        fileName = name
        descriptor = try DatasetFile.openRegularFile(path, name: name)
        buffer = [UInt8](repeating: 0, count: CSVReader.blockSize)
        try fill()
        // Skip a UTF-8 byte-order mark.
        if end >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { position = 3 }
    }

    deinit { close(descriptor) }

    /// Moves unread bytes to the front and reads more; grows the buffer when a record fills it.
    private func fill() throws {
        if position > 0 {
            let remaining = end - position
            if remaining > 0 {
                buffer.withUnsafeMutableBufferPointer { bytes in
                    _ = memmove(bytes.baseAddress!, bytes.baseAddress! + position, remaining)
                }
            }
            end = remaining
            position = 0
        }
        if end == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
        while end < buffer.count {
            let count = buffer.withUnsafeMutableBufferPointer { bytes in
                read(descriptor, bytes.baseAddress! + end, bytes.count - end)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw DatasetError(file: fileName, message: "read error: \(String(cString: strerror(errno)))")
            }
            if count == 0 { atEndOfFile = true; break }
            end += count
        }
    }

    /// Reads the next record. Returns `false` at the end of the file.
    public func next() throws -> Bool {
        while true {
            switch try parseRecord() {
            case .record: return true
            case .endOfFile: return false
            case .needMoreInput:
                if end - position >= Self.maximumRecordBytes {
                    throw DatasetError(file: fileName, line: nextLine, column: pendingColumn,
                                       message: "record longer than \(Self.maximumRecordBytes / 1024) KiB; a dataset row is far shorter (an unclosed quote?)")
                }
                try fill()
            case .blankLine: continue
            }
        }
    }

    private enum ParseOutcome { case record, endOfFile, needMoreInput, blankLine }

    private static let quote: UInt8 = 0x22
    private static let comma: UInt8 = 0x2C
    private static let lineFeed: UInt8 = 0x0A
    private static let carriageReturn: UInt8 = 0x0D

    /// Parses one record starting at `position`; consumes nothing unless a whole record was found
    /// (or the file ended), so a record cut by the block boundary is parsed again after `fill()`.
    ///
    /// The byte loop works on local variables only and writes the reader's properties once at the
    /// end: a stored property of a class pays a dynamic exclusivity check (`swift_beginAccess`)
    /// on every access, which cost about a tenth of a load's time when the loop appended to
    /// `fieldBytes` directly.
    private func parseRecord() throws -> ParseOutcome {
        if position >= end {
            if atEndOfFile { return .endOfFile }
            return .needMoreInput
        }
        // Borrow the field storage (a swap moves the arrays without copying them).
        var fields: [UInt8] = []
        var bounds: [Int] = []
        swap(&fields, &fieldBytes)
        swap(&bounds, &fieldBounds)
        defer {
            swap(&fields, &fieldBytes)
            swap(&bounds, &fieldBounds)
        }
        fields.removeAll(keepingCapacity: true)
        bounds.removeAll(keepingCapacity: true)
        bounds.append(0)
        recordHasHighBytes = false
        let startLine = nextLine
        let atEnd = atEndOfFile
        let fileName = fileName
        var newPosition = position
        var newNextLine = nextLine
        var lines = 0
        var highBytes = false
        let outcome: ParseOutcome = try buffer.withUnsafeBufferPointer { bytes in
            var index = newPosition
            let limit = end
            // A blank line (LF or CRLF alone) is skipped, not a record of one empty field.
            if bytes[index] == CSVReader.lineFeed {
                newPosition = index + 1; newNextLine += 1; return .blankLine
            }
            if bytes[index] == CSVReader.carriageReturn {
                if index + 1 < limit {
                    newPosition = bytes[index + 1] == CSVReader.lineFeed ? index + 2 : index + 1
                    newNextLine += 1
                    return .blankLine
                }
                if atEnd { newPosition = limit; return .endOfFile }
                return .needMoreInput
            }
            while true {
                // Start of a field.
                if index < limit && bytes[index] == CSVReader.quote {
                    let openingLine = startLine + lines
                    index += 1
                    while true {
                        guard index < limit else {
                            if atEnd {
                                throw DatasetError(file: fileName, line: openingLine, column: bounds.count,
                                                   message: "unterminated quoted field: a field opened with \" never closes")
                            }
                            return .needMoreInput
                        }
                        let byte = bytes[index]
                        if byte == CSVReader.quote {
                            if index + 1 < limit && bytes[index + 1] == CSVReader.quote {
                                fields.append(CSVReader.quote)
                                index += 2
                                continue
                            }
                            if index + 1 >= limit && !atEnd { return .needMoreInput }
                            index += 1
                            break
                        }
                        if byte == CSVReader.lineFeed { lines += 1 }
                        if byte >= 0x80 { highBytes = true }
                        fields.append(byte)
                        index += 1
                    }
                    if index < limit {
                        let byte = bytes[index]
                        if byte != CSVReader.comma && byte != CSVReader.lineFeed && byte != CSVReader.carriageReturn {
                            throw DatasetError(file: fileName, line: startLine + lines, column: bounds.count,
                                               message: "unexpected character after a closing quote; a quote inside a quoted field is written \"\"")
                        }
                    }
                } else {
                    let fieldStart = index
                    while index < limit {
                        let byte = bytes[index]
                        if byte == CSVReader.comma || byte == CSVReader.lineFeed || byte == CSVReader.carriageReturn { break }
                        if byte >= 0x80 { highBytes = true }
                        index += 1
                    }
                    if index >= limit && !atEnd { return .needMoreInput }
                    fields.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[fieldStart ..< index]))
                }
                bounds.append(fields.count)
                if fields.count - bounds[bounds.count - 2] > CSVReader.maximumFieldBytes {
                    throw DatasetError(file: fileName, line: startLine, column: bounds.count - 1,
                                       message: "field of \(fields.count - bounds[bounds.count - 2]) bytes; the limit is \(CSVReader.maximumFieldBytes / 1024) KiB (an unclosed quote, or not a dataset file?)")
                }
                // After a field: a comma, a line end or the end of the file.
                if index >= limit {
                    if !atEnd { return .needMoreInput }
                    newPosition = limit
                    newNextLine = startLine + lines + 1
                    return .record
                }
                let byte = bytes[index]
                if byte == CSVReader.comma { index += 1; continue }
                if byte == CSVReader.carriageReturn {
                    if index + 1 >= limit && !atEnd { return .needMoreInput }
                    index += (index + 1 < limit && bytes[index + 1] == CSVReader.lineFeed) ? 2 : 1
                } else {
                    index += 1
                }
                newPosition = index
                newNextLine = startLine + lines + 1
                return .record
            }
        }
        position = newPosition
        nextLine = newNextLine
        if outcome == .needMoreInput { pendingColumn = bounds.count }
        if outcome == .record {
            recordLine = startLine
            recordHasHighBytes = highBytes
            if highBytes { try validateUTF8(fields, bounds) }
        }
        return outcome
    }

    private func validateUTF8(_ fields: [UInt8], _ bounds: [Int]) throws {
        for field in 0 ..< bounds.count - 1 {
            let valid = fields.withUnsafeBufferPointer { bytes in
                String(validating: UnsafeBufferPointer(rebasing: bytes[bounds[field] ..< bounds[field + 1]]), as: UTF8.self) != nil
            }
            if !valid {
                throw DatasetError(file: fileName, line: recordLine, column: field + 1,
                                   message: "invalid UTF-8; save the file as UTF-8")
            }
        }
    }

    /// Calls `body` with the bytes of field `index` (0-based) of the current record.
    @inline(__always)
    public func withField<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try fieldBytes.withUnsafeBufferPointer { bytes in
            try body(UnsafeBufferPointer(rebasing: bytes[fieldBounds[index] ..< fieldBounds[index + 1]]))
        }
    }

    /// Field `index` (0-based) of the current record as a string (already checked to be UTF-8).
    public func string(_ index: Int) -> String {
        withField(index) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether field `index` is empty.
    public func isEmpty(_ index: Int) -> Bool { fieldBounds[index] == fieldBounds[index + 1] }

    /// All fields of the current record as strings.
    public func strings() -> [String] { (0 ..< fieldCount).map(string) }
}
