import Foundation
import Testing
@testable import SellerGraph

@Suite struct CSVReaderTests {
    private func records(_ bytes: [UInt8]) throws -> [[String]] {
        let fixture = try DatasetFixture([:])
        try fixture.write("x.csv", bytes: bytes)
        let reader = try CSVReader(path: fixture.directory + "/x.csv")
        var rows: [[String]] = []
        while try reader.next() { rows.append(reader.strings()) }
        return rows
    }

    private func records(_ text: String) throws -> [[String]] { try records(Array(text.utf8)) }

    @Test func plainRecords() throws {
        #expect(try records("a,b,c\n1,2,3\n") == [["a", "b", "c"], ["1", "2", "3"]])
    }

    @Test func quotedFieldsHoldCommasQuotesAndNewlines() throws {
        #expect(try records("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\n") ==
            [["a", "b"], ["x, y", "say \"hi\""], ["two\nlines", "z"]])
    }

    @Test func crlfAndNoFinalNewline() throws {
        #expect(try records("a,b\r\n1,2\r\n3,4") == [["a", "b"], ["1", "2"], ["3", "4"]])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        #expect(try records([0xEF, 0xBB, 0xBF] + Array("id\nx\n".utf8)) == [["id"], ["x"]])
    }

    @Test func emptyFieldsAndBlankLines() throws {
        #expect(try records("a,b,c\n,,\n\n1,,3\n\r\n") == [["a", "b", "c"], ["", "", ""], ["1", "", "3"]])
    }

    @Test func lineNumbersCountNewlinesInsideQuotes() throws {
        let fixture = try DatasetFixture(["x.csv": "h\n\"a\nb\nc\"\nnext\n"])
        let reader = try CSVReader(path: fixture.directory + "/x.csv")
        var lines: [Int] = []
        while try reader.next() { lines.append(reader.recordLine) }
        #expect(lines == [1, 2, 5])
    }

    @Test func recordsSpanningBlockBoundaries() throws {
        // Many small records crossing block boundaries, then 20 fields of 60,000 bytes back to
        // back, so that the 1 MiB boundary falls inside one of them (each is within the limits).
        let long = String(repeating: "x", count: 60_000)
        var text = "id,value\n"
        for row in 0 ..< 30_000 { text += "r\(row),\"v,\(row)\"\n" }
        for row in 0 ..< 20 { text += "big\(row),\"\(long)\"\n" }
        let rows = try records(text)
        #expect(rows.count == 30_021)
        #expect(rows[12_345] == ["r12344", "v,12344"])
        #expect(rows.last?[1].count == long.count)
    }

    /// Issue 14: a record longer than the limit (a 50 MB seller name took 145 s and 6.3 GB) is
    /// an error at its line and field, and the reader never grows past one block.
    @Test func recordOrFieldOverTheLimitIsAnError() throws {
        let record = try DatasetFixture(["x.csv": "a,b\n1,2\n3,\"" + String(repeating: "y", count: CSVReader.maximumRecordBytes) + "\"\n"])
        let reader = try CSVReader(path: record.directory + "/x.csv")
        #expect(try reader.next() && reader.next())
        #expect(throws: DatasetError(file: "x.csv", line: 3, column: 2, message: "record longer than 1024 KiB; a dataset row is far shorter (an unclosed quote?)")) {
            try reader.next()
        }
        let field = try DatasetFixture(["x.csv": "a,b\n1," + String(repeating: "z", count: CSVReader.maximumFieldBytes + 1) + "\n"])
        let fieldReader = try CSVReader(path: field.directory + "/x.csv")
        #expect(try fieldReader.next())
        #expect(throws: DatasetError(file: "x.csv", line: 2, column: 2, message: "field of 65537 bytes; the limit is 64 KiB (an unclosed quote, or not a dataset file?)")) {
            try fieldReader.next()
        }
    }

    @Test func unterminatedQuoteNamesItsLine() throws {
        let fixture = try DatasetFixture(["x.csv": "a,b\n1,\"open\nnever closed\n"])
        let reader = try CSVReader(path: fixture.directory + "/x.csv")
        #expect(try reader.next())
        #expect(throws: DatasetError(file: "x.csv", line: 2, column: 2, message: "unterminated quoted field: a field opened with \" never closes")) {
            try reader.next()
        }
    }

    @Test func invalidUTF8NamesItsColumn() throws {
        let fixture = try DatasetFixture([:])
        try fixture.write("x.csv", bytes: Array("a,b\n1,".utf8) + [0xC3, 0x28] + [0x0A])
        let reader = try CSVReader(path: fixture.directory + "/x.csv")
        #expect(try reader.next())
        #expect(throws: DatasetError(file: "x.csv", line: 2, column: 2, message: "invalid UTF-8; save the file as UTF-8")) {
            try reader.next()
        }
    }

    @Test func idTableInternsDensely() {
        var table = IdTable(capacity: 2)
        for value in 0 ..< 5000 { #expect(table.insert("id\(value)").index == Int32(value)) }
        #expect(table.insert("id42") == (42, false))
        #expect(table.index(of: "id4999") == 4999)
        #expect(table.index(of: "nope") == nil)
        #expect(table[17] == "id17")
    }

    @Test func datesRoundTrip() {
        #expect(Dates.parse("1970-01-01") == 0)
        #expect(Dates.parse("2024-02-29") != nil)
        #expect(Dates.parse("2023-02-29") == nil)
        #expect(Dates.parse("2023-13-01") == nil)
        #expect(Dates.parse("2023-1-01") == nil)
        #expect(Dates.format(Dates.parse("2021-06-30")!) == "2021-06-30")
        #expect(Dates.format(Dates.parse("1999-12-31")!) == "1999-12-31")
    }
}
