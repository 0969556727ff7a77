// OCR extraction quality and cost: precision and recall of the exact phones, WeChat ids and
// e-mails read from images, by image kind, and seconds per image. Prints a table.
//
//   swift run -c release ocr-benchmark DATASET [DATASET…]     generated worlds (truth/images.csv)
//   swift run -c release ocr-benchmark --real DIR             photos and scans listed in DIR/truth.csv
//                                                             (Benchmarks/ocr/real: real photos, SOURCES.md)
//
// A world's answer key says what each image prints; DIR/truth.csv lists real images as
// `file,kind,phones,wechat_ids,emails,qq,websites,source,licence` (values space-separated, as
// printed). A kind is scored only when the answer key has its column (generated worlds have
// no websites column). With --real, each image's expected and extracted items are printed.
// An extracted value counts as found when it folds (SellerGraph's identifier folding) to the
// same identifier as a printed one of the same kind. Options: --threads N (default 2) for the
// throughput pass; --limit N images per dataset; --cache DIR to read through an OCR cache
// (off by default: the benchmark measures reading).
import Foundation
import Imaging
import SellerGraph

struct TruthImage {
    var file: String
    var kind: String
    var expected: [IdentifierKind: Set<String>]
}

/// The identifier kinds an answer key has a column for.
nonisolated(unsafe) var scoredKinds = Set<IdentifierKind>()

func readTruth(_ path: String, root: String, real: Bool) throws -> [TruthImage] {
    let reader = try CSVReader(path: path)
    guard try reader.next() else { return [] }
    let header = reader.strings()
    func column(_ name: String) -> Int? { header.firstIndex(of: name) }
    var images: [TruthImage] = []
    while try reader.next() {
        var expected: [IdentifierKind: Set<String>] = [:]
        for (name, kind) in [("phones", IdentifierKind.phone), ("wechat_ids", .wechat), ("emails", .email), ("qq", .qq), ("websites", .website)] {
            guard let at = column(name) else { continue }
            scoredKinds.insert(kind)
            let values = reader.string(at).split(separator: " ").compactMap { FoldedIdentifier.fold(String($0), kind: kind)?.key }
            expected[kind] = Set(values)
        }
        images.append(TruthImage(file: root + "/" + reader.string(column("file")!), kind: reader.string(column("kind")!), expected: expected))
    }
    return images
}

struct Counts {
    var truePositives = 0, falsePositives = 0, falseNegatives = 0
    var precision: String { truePositives + falsePositives == 0 ? "–" : String(format: "%.3f", Double(truePositives) / Double(truePositives + falsePositives)) }
    var recall: String { truePositives + falseNegatives == 0 ? "–" : String(format: "%.3f", Double(truePositives) / Double(truePositives + falseNegatives)) }
    var cell: String { "\(precision) / \(recall) (\(truePositives + falseNegatives))" }
    static func += (lhs: inout Counts, rhs: Counts) {
        lhs.truePositives += rhs.truePositives
        lhs.falsePositives += rhs.falsePositives
        lhs.falseNegatives += rhs.falseNegatives
    }
}

nonisolated(unsafe) var arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let at = arguments.firstIndex(of: name), at + 1 < arguments.count else { return nil }
    let value = arguments[at + 1]
    arguments.removeSubrange(at ... at + 1)
    return value
}
let threads = Int(option("--threads") ?? "2") ?? 2
let limit = Int(option("--limit") ?? "") ?? Int.max
let cacheFolder = option("--cache")
let realFolder = option("--real")
let onlyKind = option("--kind")
nonisolated(unsafe) let missed = arguments.firstIndex(of: "--missed").map { arguments.remove(at: $0) } != nil
var preprocessing = Preprocessing()
if let panels = option("--panels") { preprocessing.panels = Preprocessing.Panels(rawValue: panels)! }
if let factor = option("--sauvola-k") { preprocessing.sauvolaFactor = Double(factor)! }
if let scale = option("--listing-scale") { preprocessing.listingScale = Double(scale)! }
if arguments.contains("--binarise") { arguments.removeAll { $0 == "--binarise" }; preprocessing.binarises = true }
if arguments.contains("--no-reread") { arguments.removeAll { $0 == "--no-reread" }; preprocessing.rereadsListingsWithoutIdentifier = false }
if arguments.contains("--no-median") { arguments.removeAll { $0 == "--no-median" }; preprocessing.removesNoise = false }

var images: [TruthImage] = []
if let realFolder {
    images = try readTruth(realFolder + "/truth.csv", root: realFolder, real: true)
} else {
    for dataset in arguments { images += try readTruth(dataset + "/truth/images.csv", root: dataset, real: false).prefix(limit) }
}
if let onlyKind { images = images.filter { $0.kind == onlyKind } }
guard !images.isEmpty else {
    print("usage: ocr-benchmark DATASET… | --real DIR   [--threads N] [--limit N] [--cache DIR] [--missed]")
    exit(64)
}

print("preprocessing: \(preprocessing)")
var options = ImageReader.Options()
options.threads = 1
options.preprocessing = preprocessing
if let cacheFolder { options.cache = try OCRCache(directory: cacheFolder) }
let reader = ImageReader(options: options)
let kinds: [IdentifierKind] = [.phone, .wechat, .email, .qq, .website].filter { scoredKinds.contains($0) }
let kindTitles: [IdentifierKind: String] = [.phone: "phones", .wechat: "WeChat ids", .email: "e-mails", .qq: "QQ", .website: "websites"]
var byImageKind: [String: (images: Int, seconds: Double, counts: [IdentifierKind: Counts], failed: Int)] = [:]
let started = Date()
for image in images {
    let clock = Date()
    var found: [IdentifierKind: Set<String>] = [:]
    var read: [String] = []
    var failed = 0
    do {
        let text = try reader.read(file: image.file, kind: ImageKind(rawValue: image.kind))
        for item in TextExtractor.extract(from: text) {
            // Unlabelled id-shaped tokens are candidates for the dataset's known ids, not claims.
            guard item.isLabelled, case .identifier(let kind) = item.kind, let key = FoldedIdentifier.fold(item.value, kind: kind)?.key else { continue }
            found[kind, default: []].insert(key)
            read.append("\(kind.rawValue) \(item.value) (" + String(format: "%.2f", item.confidence) + ")")
        }
    } catch {
        print("\(image.file): \(error)")
        failed = 1
    }
    let seconds = Date().timeIntervalSince(clock)
    var entry = byImageKind[image.kind] ?? (0, 0, [:], 0)
    entry.images += 1
    entry.seconds += seconds
    entry.failed += failed
    for kind in kinds {
        let expected = image.expected[kind] ?? [], got = found[kind] ?? []
        var counts = Counts()
        counts.truePositives = expected.intersection(got).count
        counts.falsePositives = got.subtracting(expected).count
        counts.falseNegatives = expected.subtracting(got).count
        entry.counts[kind, default: Counts()] += counts
        if missed, counts.falseNegatives + counts.falsePositives > 0 {
            print("\(image.file) \(kind.rawValue): expected \(expected.sorted()) found \(got.sorted())")
        }
    }
    byImageKind[image.kind] = entry
    if realFolder != nil {
        let expected = kinds.flatMap { kind in (image.expected[kind] ?? []).sorted().map { "\(kind.rawValue) \($0)" } }
        print("\((image.file as NSString).lastPathComponent) [\(image.kind)]: expected \(expected.isEmpty ? "nothing" : expected.joined(separator: ", ")); extracted \(read.isEmpty ? "nothing" : read.joined(separator: ", "))")
    }
}
let sequential = Date().timeIntervalSince(started)

// Throughput on `threads` threads (each image read once more, no cache).
var throughput = ""
if threads > 1 && cacheFolder == nil {
    var parallel = ImageReader.Options()
    parallel.threads = threads
    parallel.preprocessing = preprocessing
    var table = ImageTable()
    for (position, image) in images.enumerated() {
        _ = table.ids.insert("I\(position)")
        table.files.append(image.file)
        table.kinds.append(ImageKind(rawValue: image.kind))
        table.storefronts.append(0)
        table.observedOn.append(Dates.unknown)
        table.references.append("")
        table.lines.append(Int32(position + 2))
        table.skipped.append(nil)
    }
    let clock = Date()
    _ = ImageReader(options: parallel).read(table, in: "/")
    let seconds = Date().timeIntervalSince(clock)
    throughput = String(format: "%d images on %d threads: %.1f s wall, %.2f s an image", images.count, threads, seconds, seconds / Double(images.count))
}

print("| image kind | images | " + kinds.map { kindTitles[$0]! + " P / R (n)" }.joined(separator: " | ") + " | s / image (1 thread) |")
print("| --- | ---: | " + kinds.map { _ in "---" }.joined(separator: " | ") + " | ---: |")
var total = (images: 0, seconds: 0.0, counts: [IdentifierKind: Counts]())
for kind in byImageKind.keys.sorted() {
    let entry = byImageKind[kind]!
    print("| \(kind) | \(entry.images) | " + kinds.map { entry.counts[$0, default: Counts()].cell }.joined(separator: " | ")
          + String(format: " | %.2f |", entry.seconds / Double(entry.images)))
    total.images += entry.images
    total.seconds += entry.seconds
    for kind in kinds { total.counts[kind, default: Counts()] += entry.counts[kind, default: Counts()] }
}
print("| all | \(total.images) | " + kinds.map { total.counts[$0, default: Counts()].cell }.joined(separator: " | ")
      + String(format: " | %.2f |", total.seconds / Double(max(1, total.images))))
print(String(format: "sequential: %d images in %.1f s", images.count, sequential))
if !throughput.isEmpty { print(throughput) }
