import ArgumentParser
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

    func run() throws {
        let network = try loadDataset(dataset, quiet: true).network
        let resolution = AddressResolver(network: network)
        let table = network.table(.address)
        if csv {
            var writer = CSVWriter()
            writer.writeRow("address_id", "merged_with", "metres", "shared_numbers", "reason", "text", "merged_text")
            for merge in resolution.merges {
                writer.writeRow(network.id(.address, merge.first), network.id(.address, merge.second),
                                merge.metres.map { String(Int($0.rounded())) } ?? "",
                                merge.sharedNumbers.map(String.init).joined(separator: " "), merge.reason,
                                table.attribute("text", of: merge.first), table.attribute("text", of: merge.second))
            }
            print(String(decoding: writer.bytes, as: UTF8.self), terminator: "")
            return
        }
        for merge in resolution.merges {
            print("\(network.id(.address, merge.first)) = \(network.id(.address, merge.second)): \(merge.reason)")
            print("    \(table.attribute("text", of: merge.first))")
            print("    \(table.attribute("text", of: merge.second))")
        }
        let clusters = Set(resolution.representative).count
        print("\(resolution.merges.count) merges: \(network.count(of: .address)) addresses are \(clusters) places")
    }
}
