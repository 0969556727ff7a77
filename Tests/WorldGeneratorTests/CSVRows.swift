import Foundation
import SellerGraph

/// The rows of a generated world's CSV file, by column name, as a user reads them.
func csvRows(_ directory: URL, _ path: String) throws -> [[String: String]] {
    let reader = try CSVReader(path: directory.appendingPathComponent(path).path)
    _ = try reader.next()
    let header = reader.strings()
    var rows: [[String: String]] = []
    while try reader.next() { rows.append(Dictionary(uniqueKeysWithValues: zip(header, reader.strings()))) }
    return rows
}
