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

/// A run-wide table (places.csv, factories.csv) with its rows indexed by one column's values,
/// each cell split at spaces (a factory's `ring_ids` lists several rings): a case page finds its
/// few rows with dictionary look-ups instead of scanning a million-seller run's table.
struct IndexedRunTable {
    let table: RunTable
    private let rowsByKey: [String: [Int32]]

    init(_ table: RunTable, column name: String) {
        self.table = table
        var index: [String: [Int32]] = [:]
        if let column = table.column(name) {
            for (position, row) in table.rows.enumerated() where column < row.count {
                for key in row[column].split(separator: " ") { index[String(key), default: []].append(Int32(position)) }
            }
        }
        rowsByKey = index
    }

    /// The rows whose indexed column holds any of `keys`, in the table's order, each once.
    func rows(matching keys: some Sequence<String>) -> [[String]] {
        var positions: Set<Int32> = []
        for key in keys { positions.formUnion(rowsByKey[key] ?? []) }
        return positions.sorted().map { table.rows[Int($0)] }
    }
}
