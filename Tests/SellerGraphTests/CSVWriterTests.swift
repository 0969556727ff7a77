import Testing
@testable import SellerGraph

@Suite struct CSVWriterTests {
    @Test func quotesFieldsThatNeedIt() {
        var writer = CSVWriter(neutralizesFormulas: false)
        writer.writeRow("a", "b,c", "say \"hi\"", "two\nlines")
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "a,\"b,c\",\"say \"\"hi\"\"\",\"two\nlines\"\n")
    }

    @Test(arguments: ["=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"])
    func neutralizesFormulaTriggers(cell: String) {
        var writer = CSVWriter()
        writer.writeRow(cell)
        let text = String(decoding: writer.bytes, as: UTF8.self)
        #expect(text.hasPrefix("'") || text.hasPrefix("\"'"))
    }

    @Test(arguments: ["-3.5", "+12", "-1e-3"])
    func leavesNumbersAlone(cell: String) {
        var writer = CSVWriter()
        writer.writeRow(cell)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == cell + "\n")
    }
}
