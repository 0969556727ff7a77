// reader-benchmark: RingScope's byte-level CSV reader against yaslab/CSV.swift and
// swiftcsv/SwiftCSV, plus the whole RingScope DatasetLoader; prints a table.
//
//   reader-benchmark LINKS_CSV [DATASET_DIR] [--runs N]
//
// Each reader runs in a child process of this executable, so that its peak RSS (ru_maxrss) is
// its own. A reader is "correct" when it reads links.csv into the same rows and field values as
// the others (a digest of every field plus sampled rows) and reads a small tricky file (BOM, CRLF,
// quoted commas, doubled quotes, embedded CR LF and LF, CJK text, empty fields, no final line
// end) exactly as RFC 4180 says.
import Foundation

enum Reader: String, CaseIterable {
    case ringscope, csvSwift = "csv.swift", swiftCSV = "swiftcsv", loader

    var title: String {
        switch self {
        case .ringscope: "RingScope CSVReader (byte-level, streaming)"
        case .csvSwift: "yaslab/CSV.swift 2.5.2 (InputStream, streaming)"
        case .swiftCSV: "swiftcsv/SwiftCSV 0.10.0 (whole file in a String)"
        case .loader: "RingScope DatasetLoader, links.csv phase"
        }
    }

    func read(_ path: String, maxRuns: Int) -> ReadResult {
        switch self {
        case .ringscope: timedRuns(maxRuns: maxRuns) { readWithRingScope(path: path) }
        case .csvSwift: timedRuns(maxRuns: maxRuns) { readWithCSVSwift(path: path) }
        case .swiftCSV: timedRuns(maxRuns: maxRuns) { readWithSwiftCSV(path: path) }
        case .loader: loadWithRingScope(directory: path, maxRuns: maxRuns)
        }
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("reader-benchmark: \(message)\n".utf8))
    exit(64)
}

// MARK: - Child: one reader on one file, the result as JSON on stdout

var arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--child" {
    guard arguments.count == 4, let reader = Reader(rawValue: arguments[1]), let runs = Int(arguments[3]) else {
        fail("usage: --child READER PATH RUNS")
    }
    let result = reader.read(arguments[2], maxRuns: runs)
    FileHandle.standardOutput.write(try JSONEncoder().encode(result))
    exit(0)
}

// MARK: - Parent

var maxRuns = 3
if let flag = arguments.firstIndex(of: "--runs") {
    guard flag + 1 < arguments.count, let runs = Int(arguments[flag + 1]), runs > 0 else { fail("--runs needs a positive count") }
    maxRuns = runs
    arguments.removeSubrange(flag ... flag + 1)
}
guard (1 ... 2).contains(arguments.count) else {
    fail("usage: reader-benchmark LINKS_CSV [DATASET_DIR] [--runs N]  (default 3 runs, best kept)")
}
let linksPath = arguments[0]
let datasetDirectory = arguments.count == 2 ? arguments[1] : nil
guard FileManager.default.fileExists(atPath: linksPath) else { fail("no such file: \(linksPath)") }

func runChild(_ reader: Reader, _ path: String, runs: Int) -> ReadResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    process.arguments = ["--child", reader.rawValue, path, String(runs)]
    let output = Pipe()
    process.standardOutput = output
    do { try process.run() } catch { fail("cannot start a child: \(error)") }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0, let result = try? JSONDecoder().decode(ReadResult.self, from: data) else {
        var crashed = ReadResult()
        crashed.error = "child exited with status \(process.terminationStatus)"
        return crashed
    }
    return result
}

// The tricky file: what each reader must return, and its bytes.
let trickyHeader = ["id", "name", "note"]
let trickyRows: [[String]] = [
    ["1", "plain", "x"],
    ["2", "comma, inside", "quote \"inside\""],
    ["3", "multi\r\nline", "lf\nonly"],
    ["4", "中文名", "深圳市, 南山区"],
    ["5", "", "empty"],
    ["6", "", "last"],
]
let trickyText = "\u{FEFF}id,name,note\r\n1,plain,x\r\n2,\"comma, inside\",\"quote \"\"inside\"\"\"\r\n"
    + "3,\"multi\r\nline\",\"lf\nonly\"\r\n4,中文名,\"深圳市, 南山区\"\r\n5,,empty\r\n6,\"\",last"
let trickyPath = NSTemporaryDirectory() + "reader-benchmark-tricky-\(getpid()).csv"
guard FileManager.default.createFile(atPath: trickyPath, contents: Data(trickyText.utf8)) else { fail("cannot write \(trickyPath)") }
defer { try? FileManager.default.removeItem(atPath: trickyPath) }

/// Compares bytes, not `String`s: Swift's `==` takes canonically equivalent text as equal (a
/// precomposed and a decomposed "é"), and a reader must return the bytes of the file.
func sameBytes(_ a: [String], _ b: [String]) -> Bool { a.map { Array($0.utf8) } == b.map { Array($0.utf8) } }

func trickyVerdict(_ result: ReadResult) -> String {
    if let error = result.error { return "error: \(error)" }
    if !sameBytes(result.header, trickyHeader) {
        return "header \(result.header.map { $0.unicodeScalars.map(\.escaped).joined() })" + (result.header.first?.hasPrefix("\u{FEFF}") == true ? " (BOM kept)" : "")
    }
    if result.rows != trickyRows.count { return "\(result.rows) rows, expected \(trickyRows.count)" }
    for (index, expected) in trickyRows.enumerated() where !sameBytes(result.samples[index] ?? [], expected) {
        let got = (result.samples[index] ?? []).map { $0.debugDescription }.joined(separator: ",")
        return "row \(index + 1) read as [\(got)]"
    }
    return "ok" + (result.note.map { "; \($0)" } ?? "")
}

extension Unicode.Scalar {
    var escaped: String { escaped(asASCII: true) }
}

func linksVerdict(_ result: ReadResult, reference: ReadResult) -> String {
    if let error = result.error { return "error: \(error)" }
    if result.rows != reference.rows { return "\(result.rows) rows, RingScope \(reference.rows)" }
    if !sameBytes(result.header, reference.header) { return "header differs" }
    for (index, row) in reference.samples.sorted(by: { $0.key < $1.key }) where !sameBytes(result.samples[index] ?? [], row) {
        return "row \(index + 1) differs"
    }
    if result.digest != reference.digest { return "field values differ (digest)" }
    return "same (\(reference.samples.count) rows compared + digest of all fields)" + (result.note.map { "; \($0)" } ?? "")
}

FileHandle.standardError.write(Data("reader-benchmark: \(linksPath), best of \(maxRuns)\n".utf8))
var rows: [(Reader, ReadResult, links: String, tricky: String)] = []
var reference: ReadResult?
for reader in [Reader.ringscope, .csvSwift, .swiftCSV] {
    FileHandle.standardError.write(Data("  \(reader.rawValue)…\n".utf8))
    let tricky = trickyVerdict(runChild(reader, trickyPath, runs: 1))
    let result = runChild(reader, linksPath, runs: maxRuns)
    if reader == .ringscope { reference = result }
    let links = reader == .ringscope ? (result.error.map { "error: \($0)" } ?? "reference") : linksVerdict(result, reference: reference!)
    rows.append((reader, result, links, tricky))
}
if let datasetDirectory {
    FileHandle.standardError.write(Data("  loader…\n".utf8))
    let result = runChild(.loader, datasetDirectory, runs: maxRuns)
    let links = result.error.map { "error: \($0)" } ?? (result.rows == reference?.rows ? "same row count" : "\(result.rows) links, CSVReader \(reference?.rows ?? 0) rows")
    rows.append((.loader, result, links, "(tests)"))
}

func format(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
func grouped(_ value: Int) -> String {
    let digits = Array(String(value))
    var out = ""
    for (index, digit) in digits.enumerated() {
        if index > 0 && (digits.count - index) % 3 == 0 { out += "," }
        out.append(digit)
    }
    return out
}

print("| reader | rows | best CPU s | rows/s (CPU) | best wall s | rows/s (wall) | runs | peak RSS MiB | links.csv vs RingScope | tricky file |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
func rate(_ rows: Int, _ seconds: Double) -> String { seconds.isFinite && seconds > 0 ? grouped(Int(Double(rows) / seconds)) : "–" }
func secondsText(_ seconds: Double) -> String { seconds.isFinite ? format(seconds, 3) : "–" }
for (reader, result, links, tricky) in rows {
    let cpu = result.bestCPUSeconds, wall = result.bestSeconds
    print("| \(reader.title) | \(grouped(result.rows)) | \(secondsText(cpu)) | \(rate(result.rows, cpu)) | \(secondsText(wall)) | \(rate(result.rows, wall)) | \(result.seconds.count) | \(result.peakKiB / 1024) | \(links) | \(tricky) |")
    if reader == .loader && result.error == nil {
        print("| RingScope DatasetLoader, whole dataset (all files) | \(grouped(result.allRows)) | \(secondsText(result.allCPUSeconds)) | \(rate(result.allRows, result.allCPUSeconds)) | \(secondsText(result.allSeconds)) | \(rate(result.allRows, result.allSeconds)) | \(result.seconds.count) | \(result.peakKiB / 1024) | | |")
    }
}
