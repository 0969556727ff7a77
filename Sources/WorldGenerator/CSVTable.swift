import Foundation
import SellerGraph

/// A CSV file held as rows of text, every column kept (unknown ones too), for rewriting a
/// dataset as a later snapshot of itself. Meant for worlds that fit in memory easily (the demo,
/// benchmark worlds of up to a few hundred thousand sellers).
struct CSVTable {
    var header: [String]
    var rows: [[String]]

    /// The index of a column, nil when the file has none of that name.
    func column(_ name: String) -> Int? { header.firstIndex(of: name) }

    /// The value of `name` in `row`, "" when absent.
    func value(_ row: [String], _ name: String) -> String {
        guard let index = column(name), index < row.count else { return "" }
        return row[index]
    }

    /// Reads `path`; nil when the file does not exist.
    static func read(_ path: String) throws -> CSVTable? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let reader = try CSVReader(path: path)
        guard try reader.next() else { return CSVTable(header: [], rows: []) }
        var table = CSVTable(header: reader.strings(), rows: [])
        while try reader.next() {
            var row = reader.strings()
            if row.count < table.header.count { row += Array(repeating: "", count: table.header.count - row.count) }
            table.rows.append(row)
        }
        return table
    }

    /// Writes the table (values as they are: no formula neutralising, as a dataset export has none).
    func write(to url: URL) throws {
        var writer = CSVWriter(neutralizesFormulas: false, reservingCapacity: 1 << 20)
        writer.writeRow(header)
        for row in rows { writer.writeRow(row) }
        try Data(writer.bytes).write(to: url)
    }
}
