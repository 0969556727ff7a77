import ArgumentParser
import Communities
import SellerGraph
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `ringscope communities`: community detection on a plain edge list, for comparison with
/// igraph, leidenalg and networkit on the same file.
struct CommunitiesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "communities",
        abstract: "Find communities in an edge list with Leiden (or Louvain) and report their quality.",
        discussion: """
        EDGE_LIST has one edge per line: 'a b [weight]', fields separated by spaces or tabs, \
        '#' starting a comment. Node ids are any tokens, numbered in order of first appearance. \
        Duplicate edges are summed; a missing weight is 1; a negative or non-finite weight is \
        an error reported as FILE:LINE:COLUMN (exit status 1).

        The result depends only on the file, the options and --seed: the same seed gives the \
        same communities, whatever --threads is. Community numbers are canonical (ordered by \
        each community's first node). Every Leiden community is connected.

        Example:
          $ printf '0 1\\n1 2\\n0 2\\n3 4\\n4 5\\n3 5\\n2 3\\n' > two-triangles.txt
          $ ringscope communities two-triangles.txt --out membership.tsv
          nodes         6
          edges         7
          communities   2
          modularity    0.357143
          quality       0.357143 (modularity, resolution 1)
          seconds       0.000
          load_seconds  0.000
          $ cat membership.tsv         # node<TAB>community
          0\t0
          1\t0
          ...

        For rings (small dense groups in a large graph) prefer '--objective cpm --resolution X': \
        CPM keeps communities whose internal density exceeds X and, unlike modularity, has no \
        resolution limit.
        """
    )

    enum AlgorithmChoice: String, ExpressibleByArgument, CaseIterable {
        case leiden, louvain
    }

    enum ObjectiveChoice: String, ExpressibleByArgument, CaseIterable {
        case modularity, cpm
    }

    @Argument(help: "Edge list: 'a b [weight]' per line, '#' comments.")
    var edgeList: String

    @Option(help: "Algorithm: leiden (refined, connected communities) or louvain (for comparison).")
    var algorithm: AlgorithmChoice = .leiden

    @Option(help: "Objective: modularity (RB configuration model) or cpm (constant Potts model, sizes = node counts).")
    var objective: ObjectiveChoice = .modularity

    @Option(parsing: .unconditional, help: "Resolution γ of the objective, ≥ 0 (a density for cpm, unitless for modularity); higher gives smaller communities.",
            transform: Arguments.decimal(positive: false, what: "--resolution"))
    var resolution: Double = 1

    @Option(parsing: .unconditional, help: "Seed of every random choice, 0 to 2^64 − 1; the same seed gives the same communities.",
            transform: Arguments.seed)
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: "Threads for every phase, at most 4 × the cores; the communities are the same for any count.",
            transform: Arguments.threads)
    var threads: Int = 2

    @Option(parsing: .unconditional, help: "Iterations of the whole algorithm; negative runs until an iteration changes nothing.")
    var iterations: Int = Leiden.defaultIterations

    @Option(help: "Local moving stops once a sweep gains less than this share of the total edge weight (about that much modularity), ten times less on each later level; 0 moves until no node wants to.")
    var tolerance: Double = Leiden.defaultTolerance

    @Option(help: "Write 'node<TAB>community' lines here, nodes in order of first appearance. Default: none.")
    var out: String?

    @Flag(help: "Print one JSON object with keys nodes, edges, communities, modularity, quality, seconds, load_seconds.")
    var json = false

    func validate() throws {
        guard resolution.isFinite, resolution >= 0 else {
            throw ValidationError("--resolution must be a finite number ≥ 0, got \(resolution)")
        }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if let out, out.isEmpty { throw ValidationError("--out is empty; give a file for the membership, e.g. --out membership.tsv") }
        guard tolerance.isFinite, tolerance >= 0 else {
            throw ValidationError("--tolerance must be a finite number ≥ 0, got \(tolerance)")
        }
    }

    func run() throws {
        let loadStart = monotonicSeconds()
        let edges: EdgeList
        let graph: WeightedGraph
        do {
            edges = try EdgeListReader.read(contentsOf: edgeList)
            graph = edges.graph()
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        let loadSeconds = monotonicSeconds() - loadStart

        let chosenObjective: Objective = switch objective {
        case .modularity: .modularity(resolution: resolution)
        case .cpm: .cpm(resolution: resolution)
        }
        var leiden = Leiden(objective: chosenObjective, algorithm: algorithm == .leiden ? .leiden : .louvain,
                            iterations: iterations, threads: Arguments.cappedThreads(threads, quiet: json))
        leiden.tolerance = tolerance
        let start = monotonicSeconds()
        let partition = leiden.run(on: graph, seed: seed)
        let seconds = monotonicSeconds() - start

        var modularityValue = modularity(of: partition, in: graph)
        var quality = chosenObjective.quality(of: partition, in: graph)
        // The reader bounds the weights, so only a graph without weight (no edges, or all
        // weights 0) is left without a modularity: said, not printed as nan.
        if !modularityValue.isFinite || !quality.isFinite {
            printError("\(terminalSafe(edgeList)): warning: the edge weights sum to \(graph.totalWeight), so modularity and quality are undefined; printed as 0")
            if !modularityValue.isFinite { modularityValue = 0 }
            if !quality.isFinite { quality = 0 }
        }
        if let out {
            do {
                try edges.writeMembership(partition, to: out)
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
        }
        if json {
            print("{\"nodes\": \(graph.nodeCount), \"edges\": \(edges.edgeCount), "
                + "\"communities\": \(partition.communityCount), \"modularity\": \(modularityValue), "
                + "\"quality\": \(quality), \"seconds\": \(seconds), \"load_seconds\": \(loadSeconds)}")
        } else {
            func row(_ key: String, _ value: String) { print(key.padding(14) + value) }
            row("nodes", "\(graph.nodeCount)")
            row("edges", "\(edges.edgeCount)")
            row("communities", "\(partition.communityCount)")
            row("modularity", format(modularityValue, 6))
            row("quality", format(quality, 6) + " (\(objective.rawValue), resolution \(formatResolution))")
            row("seconds", format(seconds, 3))
            row("load_seconds", format(loadSeconds, 3))
        }
    }

    private var formatResolution: String {
        resolution == resolution.rounded() && abs(resolution) < 1e15 ? String(Int(resolution)) : "\(resolution)"
    }
}

private extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}

/// `value` with `digits` decimals (no Foundation formatter needed).
func format(_ value: Double, _ digits: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0 ..< digits { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    let whole = Int(scaled / scale)
    var fraction = String(Int(scaled - Double(whole) * scale))
    while fraction.count < digits { fraction = "0" + fraction }
    return (value < 0 && scaled > 0 ? "-" : "") + "\(whole)" + (digits > 0 ? "." + fraction : "")
}

func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func printError(_ message: String) {
    var line = message + "\n"
    // File descriptor 2 rather than the C global `stderr`, which Swift 6 rejects as shared state.
    line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}
