import ArgumentParser
import Foundation
import Investigation
import SellerGraph

struct Resolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show which addresses are one place written several ways, and why.",
        discussion: """
        Reads every address into its parts: street number, building, floor and room (from \
        "No. 12", "12号", "Rm 301", "301室", "Bldg 11", "11栋", "21楼", "WH 9", "9号仓"…), the \
        street and district (abbreviations expanded, case and full-width forms folded, Chinese \
        read as pinyin with ICU, so 幸福路 = Xingfu Road), and the city. Two addresses are one \
        place when their numbers agree role by role and enough else agrees: each merge has a \
        score, the sum of its features' points (street number +4, room +5, street +3, district \
        +1, city +1, within 50 m +4, within 120 m +2; a different street -8, -3 across scripts), \
        and needs 12. Different rooms of one building never merge; a room never merges with the \
        building it is in; addresses more than 120 m apart never merge; a hub (an address used \
        by more than 200 sellers) merges only with another hub. Comparisons are blocked by \
        street number and place, never all pairs.

        'analyze --resolve-addresses' links sellers through these places (off by default; \
        see the README, "Address resolution").

        Example:
          ringscope resolve datasets/demo
          ringscope resolve datasets/demo --csv > merges.csv
          ringscope resolve datasets/demo --explain AD05168de8 ADea090606
          ringscope resolve datasets/demo --identifiers
        """
    )

    @Argument(help: "The dataset folder.")
    var dataset: String

    @Flag(help: "Print the merges as CSV: address_id, merged_with, metres (empty without coordinates), score, summary, reason (every feature with its points), text, merged_text.")
    var csv = false

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Show how two addresses compare: what was read from each, and their features and score, or why they cannot be one place.", valueName: "address-id"))
    var explain: [String] = []

    @Option(help: "Threads to read the addresses on (default 2; the merges are the same for any number).")
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
        if explain.count == 2 {
            for id in explain where table.index(of: id) == nil {
                Console.error("\(dataset)/addresses.csv: error: no row has address_id \"\(id)\"")
                throw ExitCode(1)
            }
            print(AddressResolver.explain(table.index(of: explain[0])!, table.index(of: explain[1])!, in: network))
            return
        }
        let started = Date()
        let resolution = Projection.resolveAddresses(in: network, threads: threads)
        let clusters = Set(resolution.representative).count
        Console.progress(String(format: "resolved %d addresses into %d places: %d merges from %d compared pairs (%.2f s)",
                                network.count(of: .address), clusters, resolution.merges.count, resolution.comparisons,
                                Date().timeIntervalSince(started)))
        if csv {
            var writer = CSVWriter()
            writer.writeRow("address_id", "merged_with", "metres", "score", "summary", "reason", "text", "merged_text")
            for merge in resolution.merges {
                writer.writeRow(network.id(.address, merge.first), network.id(.address, merge.second),
                                merge.metres.map { String(Int($0.rounded())) } ?? "", String(Int(merge.score)),
                                merge.match.summary, merge.match.reason,
                                table.attribute("text", of: merge.first), table.attribute("text", of: merge.second))
            }
            FileHandle.standardOutput.write(Data(writer.bytes))
            return
        }
        for merge in resolution.merges {
            print("\(network.id(.address, merge.first)) and \(network.id(.address, merge.second)) are one address: \(merge.match.summary)")
            print("    \(table.attribute("text", of: merge.first))")
            print("    \(table.attribute("text", of: merge.second))")
            print("    \(merge.match.reason)")
        }
        print("\(resolution.merges.count) merges: \(network.count(of: .address)) addresses are \(clusters) places")
    }
}
