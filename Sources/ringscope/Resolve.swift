import ArgumentParser
import Investigation
import SellerGraph

struct Resolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show which addresses are one place written several ways, and why.",
        discussion: """
        Normalises every address (case, full-width digits, abbreviations such as Rd/Road and \
        Rm/Room, postal codes, Chinese and pinyin city names) and merges two addresses when their \
        house, building and room numbers agree (at least two in common, one set within the \
        other) and they lie within 120 m; without coordinates, when they are in the same city and \
        share three such numbers or have the same numbers on the same street. Different rooms of \
        one building never merge; hubs never merge. 'analyze --resolve-addresses' links sellers \
        through the merged places.

        Example:
          ringscope resolve datasets/demo
          ringscope resolve datasets/demo --csv > merges.csv
        """
    )

    @Argument(help: "The dataset folder.")
    var dataset: String

    @Flag(help: "Print the merges as CSV (address_id, merged_with, metres, shared_numbers, reason).")
    var csv = false

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Show how two addresses compare: what was read from each, and the match with its features, or why they are not one place.", valueName: "address-id"))
    var explain: [String] = []

    func validate() throws {
        if !explain.isEmpty && explain.count != 2 { throw ValidationError("--explain takes two address ids, e.g. --explain AD123 AD456") }
    }

    func run() throws {
        let network = try loadDataset(dataset, quiet: true).network
        if explain.count == 2 {
            let table = network.table(.address)
            guard let first = table.index(of: explain[0]), let second = table.index(of: explain[1]) else {
                let missing = explain.first { table.index(of: $0) == nil } ?? ""
                throw ValidationError("no row of addresses.csv has address_id \"\(missing)\"")
            }
            print(AddressResolver.explain(first, second, in: network))
            return
        }
        let resolution = Projection.resolveAddresses(in: network)
        let table = network.table(.address)
        if csv {
            var writer = CSVWriter()
            writer.writeRow("address_id", "merged_with", "metres", "score", "summary", "reason", "text", "merged_text")
            for merge in resolution.merges {
                writer.writeRow(network.id(.address, merge.first), network.id(.address, merge.second),
                                merge.metres.map { String(Int($0.rounded())) } ?? "", String(Int(merge.score)),
                                merge.match.summary, merge.match.reason,
                                table.attribute("text", of: merge.first), table.attribute("text", of: merge.second))
            }
            print(String(decoding: writer.bytes, as: UTF8.self), terminator: "")
            return
        }
        for merge in resolution.merges {
            print("\(network.id(.address, merge.first)) = \(network.id(.address, merge.second)): \(merge.match.reason)")
            print("    \(table.attribute("text", of: merge.first))")
            print("    \(table.attribute("text", of: merge.second))")
        }
        let clusters = Set(resolution.representative).count
        print("\(resolution.merges.count) merges: \(network.count(of: .address)) addresses are \(clusters) places")
    }
}
