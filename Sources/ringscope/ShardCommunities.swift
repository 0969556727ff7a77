import ArgumentParser
import Foundation
import Investigation
import SellerGraph

/// `ringscope shard-communities`: the communities of one shard of a projection folder, read on
/// standard input — the per-shard step of the Spark job (`SELECT TRANSFORM … USING`).
struct ShardCommunities: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shard-communities",
        abstract: "Find the rings' seller groups in one shard of seller links (stdin to stdout).",
        discussion: """
        Reads seller links on standard input, one a line: 'a<TAB>b<TAB>weight<TAB>strong' \
        (seller numbers, weights in units of 2^-40: the links/ files of a projection folder, \
        docs/distributed.md). Every connected component must be whole in the input. Writes \
        'seller<TAB>group' for every seller in a group of two or more, the group named by its \
        smallest seller, in increasing order of group then seller.

        Each component is detected alone, as 'ringscope analyze' does, with a seed made from \
        --seed and the component's smallest seller: the groups do not depend on which \
        components share a shard, nor on --threads.

        Example:
          $ printf '0\\t1\\t1099511627776\\t1099511627776\\n' | ringscope shard-communities
          0\t0
          1\t0
        """
    )

    @Option(help: "Seed of the community detection (the seed of 'ringscope analyze').")
    var seed: UInt64 = 1

    @Option(help: ArgumentHelp("CPM resolution. (default: \(RingDetector.defaultResolution))", valueName: "x"))
    var resolution: Double?

    @Option(help: "Threads; the result does not depend on it.")
    var threads: Int = 1

    @Flag(help: "Only check that this binary runs (the Spark job's check of its workers): read standard input to its end and print 'ok'.")
    var check = false

    func validate() throws {
        if let resolution, !(resolution > 0 && resolution.isFinite) {
            throw ValidationError("--resolution must be a positive number, e.g. 0.02")
        }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        if check {
            // Read what Spark feeds first: closing the pipe early makes its writer thread fail.
            _ = FileHandle.standardInput.readDataToEndOfFile()
            print("ok")
            return
        }
        let input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        var pairs: [(a: Int32, b: Int32, weight: Int64, strong: Int64)] = []
        do {
            try ProjectionFolder.forEachRow(in: input, file: "<stdin>", columns: 4) { _, line, fields in
                let a = try ProjectionFolder.integer(fields[0], file: "<stdin>", line: line, column: 1)
                let b = try ProjectionFolder.integer(fields[1], file: "<stdin>", line: line, column: 2)
                guard a >= 0, b > a, b <= Int64(Int32.max) else {
                    throw DatasetError(file: "<stdin>", line: line, column: 1, message: "seller pair \(a) \(b) is not 0 ≤ a < b")
                }
                pairs.append((Int32(a), Int32(b), try ProjectionFolder.integer(fields[2], file: "<stdin>", line: line, column: 3),
                              try ProjectionFolder.integer(fields[3], file: "<stdin>", line: line, column: 4)))
            }
        } catch let error as DatasetError {
            Console.error(error.description)
            throw ExitCode(1)
        }
        pairs.sort { $0.a != $1.a ? $0.a < $1.a : $0.b < $1.b }
        for index in pairs.indices.dropFirst() where pairs[index].a == pairs[index - 1].a && pairs[index].b == pairs[index - 1].b {
            Console.error("<stdin>: error: seller pair \(pairs[index].a) \(pairs[index].b) is listed twice")
            throw ExitCode(1)
        }
        let groups = ShardCommunities.groups(of: pairs, detector: RingDetector(resolution: resolution, seed: seed, threads: threads))
        var output = ""
        for group in groups {
            for seller in group { output += "\(seller)\t\(group[0])\n" }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }

    /// The groups of a shard: its sellers renumbered densely in increasing order (so seeds and
    /// local graphs are those of the whole projection), detected, and named back.
    /// - Precondition: `pairs` sorted by (a, b) without repeats.
    static func groups(of pairs: [(a: Int32, b: Int32, weight: Int64, strong: Int64)], detector: RingDetector) -> [[Int32]] {
        var names = pairs.flatMap { [$0.a, $0.b] }
        names.sort()
        names = names.reduce(into: []) { unique, seller in if unique.last != seller { unique.append(seller) } }
        var dense: [Int32: Int32] = [:]
        for (position, seller) in names.enumerated() { dense[seller] = Int32(position) }
        let links = SellerLinks(sellerCount: names.count, sources: pairs.map { dense[$0.a]! }, targets: pairs.map { dense[$0.b]! },
                                weights: pairs.map(\.weight), strongWeights: pairs.map(\.strong))
        return detector.communities(of: links, names: names)
    }
}
