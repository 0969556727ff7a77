import ArgumentParser
import Foundation
import Investigation
import SellerGraph

struct Resolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show which addresses are one place written several ways, and why.",
        discussion: """
        Reads every address into labelled parts: street number (with a letter or range: 30A, \
        7-11), street, compound (东泰花园, "Fortune Centre"), building (11栋, 3幢, Bldg 11), unit \
        (2单元), floor (21楼, 21F), room (301室, Rm 301, #01-24), lane (455弄), PO box or locker \
        (自提柜), postcode (M5B 2C1, EH6 6RA, 510000), district and city; Chinese is read as \
        pinyin, so 幸福路 = Xingfu Road. A part written on one side only is absent, not a \
        mismatch.

        Pairs that share a postcode, a street number and street, a compound, a number and room, \
        or lie near each other are compared part by part into levels (same, close, on one side \
        only, different; distance in bands from 50 m to 5 km). Each level's m- and \
        u-probability is estimated from this dataset (u from random pairs, m by expectation \
        maximisation, as Splink does; common street names and numbers weigh less than rare \
        ones), and a pair is one place at match probability 0.99. Conservative rules: a place \
        never holds two street numbers, rooms, units, buildings or postcode sectors, nor spans \
        more than 2.5 km; a hub (an address of more than 200 sellers) merges only with a hub.

        'analyze --resolve-addresses' links sellers through these places (off by default; \
        see docs/address-resolution.md).

        Example:
          ringscope resolve datasets/demo
          ringscope resolve datasets/demo --csv > merges.csv
          ringscope resolve datasets/demo --explain AD05168de8 ADea090606
          ringscope resolve datasets/demo --model
          ringscope resolve datasets/demo --identifiers
        """
    )

    @Argument(help: "The dataset folder.")
    var dataset: String

    @Flag(help: "Print the merges as CSV: address_id, merged_with, metres (empty without coordinates), score (the match weight, in bits), probability, summary, reason (every part with its weight), text, merged_text.")
    var csv = false

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Show how two addresses compare: the parts read from each (and what could not be read), each part's level with its m, u and weight, the match probability, and whether they were merged.", valueName: "address-id"))
    var explain: [String] = []

    @Flag(help: "Print the estimated model (m, u and weight of every part and level, and the prior) before the merges.")
    var model = false

    @Option(parsing: .unconditional, help: "Threads to read and compare the addresses on (default 2, at most 4 × the cores; the merges are the same for any number).",
            transform: Arguments.threads)
    var threads: Int = 2

    @Flag(help: "Show identifier merges instead: rows of identifiers.csv that are one phone, e-mail, IP, WeChat or QQ id written several ways.")
    var identifiers = false

    func validate() throws {
        if !explain.isEmpty && explain.count != 2 { throw ValidationError("--explain takes two address ids, e.g. --explain AD123 AD456") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() throws {
        let network = try loadDataset(dataset, quiet: true).network
        if identifiers { return printIdentifierMerges(of: network) }
        let table = network.table(.address)
        for id in explain where table.index(of: id) == nil {
            Console.error("\(terminalSafe(dataset))/addresses.csv: error: no row has address_id \"\(terminalSafe(id))\"")
            throw ExitCode(1)
        }
        let started = Date()
        let resolution = Projection.resolveAddresses(in: network, threads: Arguments.cappedThreads(threads))
        if explain.count == 2 {
            for line in resolution.explain(table.index(of: explain[0])!, table.index(of: explain[1])!, in: network)
                .split(separator: "\n", omittingEmptySubsequences: false) { Console.output(String(line)) }
            return
        }
        let clusters = Set(resolution.representative).count
        Console.progress(String(format: "resolved %d addresses into %d places: %d merges from %d compared pairs (%.2f s)",
                                network.count(of: .address), clusters, resolution.merges.count, resolution.comparisons,
                                Date().timeIntervalSince(started)))
        if model && !csv {
            for line in resolution.model.table.split(separator: "\n", omittingEmptySubsequences: false) { Console.output(String(line)) }
        }
        if csv {
            var writer = CSVWriter()
            writer.writeRow("address_id", "merged_with", "metres", "score", "probability", "summary", "reason", "text", "merged_text")
            for merge in resolution.merges {
                writer.writeRow(network.id(.address, merge.first), network.id(.address, merge.second),
                                merge.metres.map { String(Int($0.rounded())) } ?? "", String(format: "%.2f", merge.score),
                                AddressMatch.format(probability: merge.probability),
                                merge.match.summary, merge.match.reason,
                                table.attribute("text", of: merge.first), table.attribute("text", of: merge.second))
            }
            FileHandle.standardOutput.write(Data(writer.bytes))
            return
        }
        for merge in resolution.merges {
            Console.output("\(network.id(.address, merge.first)) and \(network.id(.address, merge.second)) are one address: \(merge.match.summary)")
            Console.output("    \(table.attribute("text", of: merge.first))")
            Console.output("    \(table.attribute("text", of: merge.second))")
            Console.output("    \(merge.match.reason)")
        }
        Console.output("\(resolution.merges.count) merges: \(network.count(of: .address)) addresses are \(clusters) places")
    }
}
