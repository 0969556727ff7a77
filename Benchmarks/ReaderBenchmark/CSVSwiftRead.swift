import CSV
import Foundation

/// (b) yaslab/CSV.swift streaming from an `InputStream`: it decodes the bytes to Unicode scalars
/// one at a time through an `AnyIterator` and builds a `[String]` per row.
func readWithCSVSwift(path: String) -> ReadResult {
    var result = ReadResult()
    guard let stream = InputStream(fileAtPath: path) else {
        result.error = "cannot open \(path)"
        return result
    }
    do {
        let reader = try CSVReader(stream: stream, codecType: UTF8.self, hasHeaderRow: true)
        result.header = reader.headerRow ?? []
        var digest = FieldDigest()
        var rows = 0
        while let row = reader.next() {
            for field in row { digest.add(field) }
            digest.endRow()
            if isSampled(rows) { result.samples[rows] = row }
            rows += 1
        }
        // On Linux, InputStream.hasBytesAvailable stays true at the end of a file, so CSV.swift
        // reads once more, gets 0 bytes and records cannotReadFile after the last row.
        if let error = reader.error {
            if case CSVError.cannotReadFile = error {
                result.note = "sets error cannotReadFile at end of file (Linux InputStream)"
            } else {
                result.error = "\(error)"
            }
        }
        result.rows = rows
        result.digest = digest.value
    } catch {
        result.error = "\(error)"
    }
    return result
}
