// Lineage accuracy and re-emergence recall of the case store over two snapshots of generated
// worlds, and the time the store adds to a run. Prints a table. Run:
//   swift run -c release case-store-benchmark                      (20,000 sellers, seeds 1 2 3)
//   swift run -c release case-store-benchmark --sellers 50000 --seeds 1,2,3,4,5
// For each seed: generate a world, write its snapshot three months later (WorldSnapshot),
// analyse the first, record it, import the snapshot's enforcement/outcomes.csv (the raids),
// analyse the second, record it, and score the case ids against truth/lineage.csv:
//   continued  truth rings that continue, detected in both runs (a detected ring holds at least
//              half of the truth ring's sellers and has a case): share whose case id is kept;
//   new        new truth rings detected in the second run: share given a case opened in it;
//   re-emerged truth rings that re-emerge a raided ring whose first-run ring held a case:
//              share of which some detected ring holding some of its sellers is flagged
//              re_emerged with that case id (a re-emerged ring not detected at all counts as
//              missed); false re-emerged: re_emerged flags on rings holding none of such a ring.
// The truth is read only here, never by the analysis.
import CaseStore
import Foundation
import Investigation
import SellerGraph
import WorldGenerator

func option(_ name: String) -> String? {
    guard let index = CommandLine.arguments.firstIndex(of: name), index + 1 < CommandLine.arguments.count else { return nil }
    return CommandLine.arguments[index + 1]
}
let sellers = Int(option("--sellers") ?? "") ?? 20_000
let seeds = (option("--seeds") ?? "1,2,3").split(separator: ",").compactMap { UInt64($0) }
let threads = Int(option("--threads") ?? "") ?? 2
/// `--verbose`: a line per missed lineage.
let verbose = CommandLine.arguments.contains("--verbose")

func readCSV(_ path: String) throws -> [[String]] {
    let reader = try CSVReader(path: path)
    var rows: [[String]] = []
    _ = try reader.next()
    while try reader.next() { rows.append(reader.strings()) }
    return rows
}

struct Detected {
    /// Ring id → (case id, change); sellers → ring id.
    var cases: [String: (caseID: String, change: String)] = [:]
    var ringOfSeller: [String: String] = [:]
    var sizes: [String: Int] = [:]

    /// The detected ring holding at least half of `sellers`, with its case.
    func ring(holding sellers: [String]) -> (ring: String, caseID: String, change: String)? {
        var counts: [String: Int] = [:]
        for seller in sellers { if let ring = ringOfSeller[seller] { counts[ring, default: 0] += 1 } }
        guard let best = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }), best.value * 2 >= sellers.count,
              let held = cases[best.key] else { return nil }
        return (best.key, held.caseID, held.change)
    }
}

func analyse(_ directory: URL, store: CaseStore, day: Double) throws -> (detected: Detected, analysis: Double, record: Double) {
    let started = Date()
    let loaded = try DatasetLoader(directory: directory.path, threads: threads).load()
    var options = Investigation.Options()
    options.threads = threads
    let investigation = Investigation(network: loaded.network, options: options)
    let analysed = Date()
    let snapshot = RunSnapshot(investigation: investigation, datasetPath: directory.path, runFolder: directory.path + "-run", toolVersion: "benchmark",
                               recordedAt: Date(timeIntervalSince1970: 1_772_323_200 + day * 86_400))
    let cases = try store.record(snapshot)
    let recorded = Date()
    var detected = Detected()
    let network = investigation.network
    for ring in investigation.rings {
        detected.sizes[ring.id] = ring.sellers.count
        for seller in ring.sellers { detected.ringOfSeller[network.id(.seller, seller)] = ring.id }
        if let held = cases.rings[ring.id] { detected.cases[ring.id] = (held.caseID, held.change) }
    }
    return (detected, analysed.timeIntervalSince(started), recorded.timeIntervalSince(analysed))
}

print("case store benchmark: \(sellers) sellers, seeds \(seeds.map(String.init).joined(separator: " ")), \(threads) threads")
print("seed  continued kept   new given new   re-emerged found   false re-emerged   analysis s   record s (run 1, run 2)   store MB")
var totals = (kept: 0, continued: 0, newOK: 0, new: 0, found: 0, reEmerged: 0, falseFlags: 0)
for seed in seeds {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("case-store-benchmark-\(seed)-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: folder)
    defer { if !CommandLine.arguments.contains("--keep") { try? FileManager.default.removeItem(at: folder) } else { print("  kept \(folder.path)") } }
    let base = folder.appendingPathComponent("base"), later = folder.appendingPathComponent("later")
    try WorldGenerator(WorldGenerator.Parameters(sellers: sellers, seed: seed)).write(to: base)
    try WorldSnapshot(WorldSnapshot.Parameters(seed: seed + 1000)).write(from: base, to: later)
    let path = folder.appendingPathComponent("cases.sqlite").path
    let store = try CaseStore(path: path)
    let first = try analyse(base, store: store, day: 0)
    _ = try store.importOutcomes(try OutcomeFile(path: later.appendingPathComponent("enforcement/outcomes.csv").path), by: "benchmark")
    let second = try analyse(later, store: store, day: 91)

    func rings(_ directory: URL) throws -> [String: [String]] {
        var rings: [String: [String]] = [:]
        for row in try readCSV(directory.appendingPathComponent("truth/rings.csv").path) { rings[row[0], default: []].append(row[1]) }
        return rings
    }
    let before = try rings(base), after = try rings(later)
    let lineage = try readCSV(later.appendingPathComponent("truth/lineage.csv").path)
    let openedBefore = Set(first.detected.cases.values.map(\.caseID))
    var kept = 0, continued = 0, newOK = 0, new = 0, found = 0, reEmerged = 0
    var trueFlags: Set<String> = []
    for row in lineage {
        let (ring, continues, change) = (row[0], row[1], row[2])
        switch change {
        case "continued":
            guard let one = first.detected.ring(holding: before[continues] ?? []), let two = second.detected.ring(holding: after[ring] ?? []) else { continue }
            continued += 1
            if one.caseID == two.caseID { kept += 1 } else if verbose { print("  lost: truth \(ring): \(one.ring) \(one.caseID) → \(two.ring) \(two.caseID) \(two.change)") }
        case "new":
            guard let two = second.detected.ring(holding: after[ring] ?? []) else { continue }
            new += 1
            if !openedBefore.contains(two.caseID) { newOK += 1 } else if verbose { print("  new ring \(ring) given old case: \(two.ring) \(two.caseID) \(two.change)") }
        case "re_emerged":
            guard let one = first.detected.ring(holding: before[continues] ?? []) else { continue }
            reEmerged += 1
            let two = second.detected.ring(holding: after[ring] ?? [])
            // Found when any detected ring holding some of its sellers re-emerges the case: a
            // re-emerged ring that detection splits in two alerts the analyst through either part.
            let parts = Set((after[ring] ?? []).compactMap { second.detected.ringOfSeller[$0] })
            let flagged = parts.filter { second.detected.cases[$0]?.change == "re_emerged" && second.detected.cases[$0]?.caseID == one.caseID }
            if !flagged.isEmpty {
                found += 1
                trueFlags.formUnion(flagged)
            } else if verbose {
                print("  missed re-emergence: truth \(ring) (\(after[ring]?.count ?? 0) sellers) continues \(continues) = \(one.caseID) (\(one.ring)); second run: "
                      + (two.map { "\($0.ring) \($0.caseID) \($0.change), \(second.detected.sizes[$0.ring] ?? 0) sellers" } ?? "not detected with a case"))
            }
        default:
            break
        }
    }
    let flagged = second.detected.cases.filter { $0.value.change == "re_emerged" }.map(\.key)
    let falseFlags = flagged.filter { !trueFlags.contains($0) }.count
    let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0) ?? 0
    let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0) ?? 0
    func share(_ a: Int, _ b: Int) -> String { b == 0 ? "–" : String(format: "%.3f (%d/%d)", Double(a) / Double(b), a, b) }
    print(String(seed).padding(toLength: 6, withPad: " ", startingAt: 0)
          + share(kept, continued).padding(toLength: 21, withPad: " ", startingAt: 0)
          + share(newOK, new).padding(toLength: 16, withPad: " ", startingAt: 0)
          + share(found, reEmerged).padding(toLength: 19, withPad: " ", startingAt: 0)
          + String(falseFlags).padding(toLength: 19, withPad: " ", startingAt: 0)
          + String(format: "%.1f + %.1f", first.analysis, second.analysis).padding(toLength: 13, withPad: " ", startingAt: 0)
          + String(format: "%.2f, %.2f", first.record, second.record).padding(toLength: 26, withPad: " ", startingAt: 0)
          + String(format: "%.1f", Double(bytes + wal) / 1_048_576))
    totals.kept += kept; totals.continued += continued; totals.newOK += newOK; totals.new += new
    totals.found += found; totals.reEmerged += reEmerged; totals.falseFlags += falseFlags
}
func total(_ a: Int, _ b: Int) -> String { b == 0 ? "–" : String(format: "%.3f (%d/%d)", Double(a) / Double(b), a, b) }
print("all   " + total(totals.kept, totals.continued).padding(toLength: 21, withPad: " ", startingAt: 0)
      + total(totals.newOK, totals.new).padding(toLength: 16, withPad: " ", startingAt: 0)
      + total(totals.found, totals.reEmerged).padding(toLength: 19, withPad: " ", startingAt: 0) + String(totals.falseFlags))
print("goals: continued kept ≥ 0.95, new given new ≥ 0.95, re-emerged found ≥ 0.9")
