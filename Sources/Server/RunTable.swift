import Foundation
import SellerGraph

/// A CSV table of a run folder (members.csv, evidence.csv, links.csv, factories.csv,
/// places.csv), read with the project's CSV reader: a header and rows of strings, at most
/// `limit` rows (the page says when more were left out).
struct RunTable {
    var header: [String]
    var rows: [[String]]
    var truncated = false

    init(path: String, limit: Int = 5000, keep: (([String]) -> Bool)? = nil) throws {
        let reader = try CSVReader(path: path)
        header = try reader.next() ? reader.strings() : []
        rows = []
        while try reader.next() {
            let row = reader.strings()
            if let keep, !keep(row) { continue }
            if rows.count == limit {
                truncated = true
                break
            }
            rows.append(row)
        }
    }

    /// The index of a column by name.
    func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// A row's value in the named column ("" when absent).
    func value(_ row: [String], _ name: String) -> String {
        guard let index = column(name), index < row.count else { return "" }
        return row[index]
    }
}
