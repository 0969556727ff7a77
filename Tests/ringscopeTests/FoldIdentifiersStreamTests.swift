import Foundation
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `ringscope fold-identifiers` streams: it answers each line while its stdin is still open, and
/// its memory does not grow with the input. Before, it read all of stdin and built its output in
/// one string (a Spark partition of identifiers.csv held three times in memory, and no answer
/// until Spark had written the whole partition): the first test then waited in vain for its
/// answer, and the second saw the peak grow by more than the input.
@Suite(.serialized) struct FoldIdentifiersStreamTests {
    /// `hex` of UTF-8 text, as the Spark job encodes KIND and VALUE.
    static func hex(_ text: String) -> String { text.utf8.map { String(format: "%02x", $0) }.joined() }

    /// A running `ringscope fold-identifiers` with pipes on stdin and stdout; stdout is drained
    /// by a thread into `received`.
    final class Folder: @unchecked Sendable {
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        private let received = Mutex<[UInt8]>([])
        private let drained = DispatchSemaphore(value: 0)

        init() throws {
            process.executableURL = URL(fileURLWithPath: CommandRunner.executable)
            process.arguments = ["fold-identifiers"]
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let reading = output.fileHandleForReading
            Thread.detachNewThread { [self] in
                while true {
                    let data = reading.availableData
                    if data.isEmpty { break }
                    received.withLock { $0.append(contentsOf: data) }
                }
                drained.signal()
            }
        }

        func write(_ text: String) throws { try input.fileHandleForWriting.write(contentsOf: Data(text.utf8)) }

        var text: String { received.withLock { String(decoding: $0, as: UTF8.self) } }
        var lineCount: Int { received.withLock { bytes in bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) } } }

        /// Waits (up to `limit` seconds) until `lines` answer lines have come, stdin still open.
        func waitForLines(_ lines: Int, limit: Double = 120) -> Bool {
            let started = Date()
            while lineCount < lines {
                if Date().timeIntervalSince(started) > limit || !process.isRunning { return lineCount >= lines }
                usleep(10_000)
            }
            return true
        }

        /// The process's peak resident memory so far (VmHWM), in bytes.
        var peakBytes: Int? {
            guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
                  let kilobytes = Int(line.split(whereSeparator: \.isWhitespace).dropFirst().first ?? "") else { return nil }
            return kilobytes * 1024
        }

        /// Closes stdin and waits for the end; the exit status.
        func finish() throws -> Int32 {
            try input.fileHandleForWriting.close()
            process.waitUntilExit()
            drained.wait()
            return process.terminationStatus
        }
    }

    @Test func answersEachLineBeforeItsInputEnds() throws {
        let folder = try Folder()
        try folder.write("0\t\(Self.hex("phone"))\t\(Self.hex("138 0013 8000"))\n")
        #expect(folder.waitForLines(1), "no answer to the first line while stdin was open: \(folder.text)")
        #expect(folder.text == "0\tphone\t\(Self.hex("+8613800138000"))\t1\t-\t-\n")

        // A second line, its last field split over two writes: answered once complete.
        try folder.write("1\t\(Self.hex("ip"))\t\(Self.hex("10.0"))")
        usleep(200_000)
        try folder.write("\(Self.hex(".0.1"))\n")
        #expect(folder.waitForLines(2), "no answer to the second line while stdin was open: \(folder.text)")
        #expect(folder.text.hasSuffix("1\tip\t\(Self.hex("10.0.0.1"))\t0\t-\t-\n"), "\(folder.text)")

        // The last line without a newline is answered at the end of the input.
        try folder.write("2\t\(Self.hex("nonsense"))\t\(Self.hex("x"))")
        #expect(try folder.finish() == 0)
        let lines = folder.text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines[3].isEmpty, "\(folder.text)")
        #expect(lines[2].hasPrefix("2\t-\t-\t0\tkind\t"), "\(lines[2])")
    }

    /// A malformed line ends the command with its line number, after the answers to the lines
    /// before it.
    @Test func aMalformedLineIsNamedAfterTheAnswersBeforeIt() throws {
        let outcome = try { () throws -> (Int32, String, String) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: CommandRunner.executable)
            process.arguments = ["fold-identifiers"]
            let input = Pipe(), output = Pipe(), errors = Pipe()
            process.standardInput = input
            process.standardOutput = output
            process.standardError = errors
            try process.run()
            try input.fileHandleForWriting.write(contentsOf: Data("0\t\(Self.hex("phone"))\t\(Self.hex("13800138000"))\n\n1\tzz\t00\n2\t00\t00\n".utf8))
            try input.fileHandleForWriting.close()
            let out = output.fileHandleForReading.readDataToEndOfFile()
            let err = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
        }()
        #expect(outcome.0 == 1)
        #expect(outcome.1 == "0\tphone\t\(Self.hex("+8613800138000"))\t1\t-\t-\n", "\(outcome.1)")
        #expect(outcome.2.contains("<stdin>:3: error: expected 'row<TAB>KIND<TAB>VALUE'"), "\(outcome.2)")
    }

    /// 24 MB of input through one process: every line answered in order, and the peak memory
    /// grows by far less than the input over that of a one-line run (it held the whole input,
    /// its text and the whole output before).
    @Test func memoryDoesNotGrowWithTheInput() throws {
        let small = try Folder()
        try small.write("0\t\(Self.hex("phone"))\t\(Self.hex("13800138000"))\n")
        #expect(small.waitForLines(1))
        let baseline = try #require(small.peakBytes)
        #expect(try small.finish() == 0)

        // Long lines (a 4,000-byte row field, echoed as is) so that 6,000 lines make 24 MB
        // without folding millions of identifiers in a debug build.
        let lines = 6_000
        let padding = String(repeating: "r", count: 4_000)
        let phone = Self.hex("phone"), value = Self.hex("13800138000")
        let large = try Folder()
        var block = ""
        for row in 0 ..< lines {
            block += "\(padding)\(row)\t\(phone)\t\(value)\n"
            if block.utf8.count > 1 << 20 {
                try large.write(block)
                block = ""
            }
        }
        try large.write(block)
        #expect(large.waitForLines(lines), "\(large.lineCount) of \(lines) lines answered")
        let peak = try #require(large.peakBytes)
        #expect(try large.finish() == 0)
        let answers = large.text.split(separator: "\n")
        #expect(answers.count == lines)
        #expect(answers.enumerated().allSatisfy { $0.element.hasPrefix("\(padding)\($0.offset)\tphone\t") })
        let input = lines * (padding.utf8.count + 40)
        #expect(peak - baseline < 16 << 20, "peak \(peak) bytes against \(baseline) for one line, for \(input) bytes of input")
    }
}
