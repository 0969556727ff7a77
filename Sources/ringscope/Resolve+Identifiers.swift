import Foundation
import Investigation
import SellerGraph

extension Resolve {
    /// `resolve --identifiers`: every row of identifiers.csv taken for an earlier one, and why.
    func printIdentifierMerges(of network: SellerNetwork) {
        let resolution = Projection.resolveIdentifiers(in: network)
        let table = network.table(.identifier)
        Console.progress("folded \(network.count(of: .identifier)) identifiers into \(resolution.groupCount): \(resolution.merges.count) merges")
        if csv {
            var writer = CSVWriter()
            writer.writeRow("identifier_id", "merged_with", "kind", "folded", "reason", "merged_reason", "value", "merged_value")
            for merge in resolution.merges {
                writer.writeRow(network.id(.identifier, merge.first), network.id(.identifier, merge.second), merge.kind.rawValue, merge.key,
                                merge.firstReason, merge.secondReason, table.identifierValues[Int(merge.first)], table.identifierValues[Int(merge.second)])
            }
            FileHandle.standardOutput.write(Data(writer.bytes))
            return
        }
        for merge in resolution.merges {
            print("\(network.id(.identifier, merge.first)) and \(network.id(.identifier, merge.second)) are one identifier: \(merge.summary)")
            print("    \(terminalSafe(table.identifierValues[Int(merge.first)]))  (\(merge.firstReason))")
            print("    \(terminalSafe(table.identifierValues[Int(merge.second)]))  (\(merge.secondReason))")
        }
        let unlinkable = (0 ..< Int32(network.count(of: .identifier))).filter { !resolution.isLinkable($0) }
        for identifier in unlinkable.prefix(20) {
            print("\(network.id(.identifier, identifier)) never links sellers: \(terminalSafe(table.identifierValues[Int(identifier)]))  (\(resolution.folded[Int(identifier)]?.reason ?? ""))")
        }
        if unlinkable.count > 20 { print("… and \(unlinkable.count - 20) more that never link sellers") }
        print("\(resolution.merges.count) merges: \(network.count(of: .identifier)) identifiers are \(resolution.groupCount)")
    }
}
