import Foundation
import SwiftCSV

/// (c) swiftcsv/SwiftCSV: `CSV(url:)` reads the whole file into one `String` and parses every row
/// into `[[String]]` before returning, so its memory grows with the file.
func readWithSwiftCSV(path: String) -> ReadResult {
    var result = ReadResult()
    do {
        let csv = try EnumeratedCSV(url: URL(fileURLWithPath: path), delimiter: .comma, loadColumns: false)
        result.header = csv.header
        var digest = FieldDigest()
        for (rowIndex, row) in csv.rows.enumerated() {
            for field in row { digest.add(field) }
            digest.endRow()
            if isSampled(rowIndex) { result.samples[rowIndex] = row }
        }
        result.rows = csv.rows.count
        result.digest = digest.value
    } catch {
        result.error = "\(error)"
    }
    return result
}
