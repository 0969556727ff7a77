import Testing
@testable import Rendering

@Suite struct PDFDocumentWriterTests {
    /// A document of a title, a paragraph, a table long enough to run over a page, and the
    /// synthetic ring diagram as a picture.
    private func document(cell: String = "cell", picture: Bool = true) throws -> ReportDocument {
        var blocks: [ReportDocument.Block] = [
            .heading("Summary"),
            .paragraph([.bold("Summary. "), ReportDocument.Run("Three sellers share one payout account; \(cell).")]),
            .bullets([["first ", .bold(cell)], ["second"]]),
            .note("A note: \(cell)"),
            .heading("Entities"),
            .table(columns: [ReportDocument.Column("type"), ReportDocument.Column("id", width: 2), ReportDocument.Column("points", alignsRight: true)],
                   rows: (0..<120).map { ["seller", "S-\($0) \(cell)", "\($0)"] }),
        ]
        if picture {
            let png = try #require(try RingDiagram.render(.synthetic(entityCount: 12), formats: [.png])[.png])
            blocks.append(.picture(png: png, caption: "Ring diagram"))
            blocks.append(.heading("After the picture"))
            blocks.append(.paragraph(["Text on a portrait page again."]))
        }
        return ReportDocument(title: "Referral R-1: \(cell)", subtitle: "Rank 1 of 3", footer: "Referral R-1 \(cell)", blocks: blocks)
    }

    private func pageCount(_ pdf: [UInt8]) -> Int {
        // "/Type /Page" also begins "/Type /Pages" (the page tree): count only the pages.
        DocumentChecks.text(pdf).components(separatedBy: "/Type /Page").dropFirst().filter { !$0.hasPrefix("s") }.count
    }

    @Test func writesAPDFOfSeveralPages() throws {
        let pdf = try PDFDocumentWriter.render(try document())
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        #expect(String(decoding: pdf.suffix(8), as: UTF8.self).trimmingCharacters(inSet: "\n\r ").hasSuffix("%%EOF"))
        #expect(pageCount(pdf) > 1)
        // cairo 1.16 writes the fixed date without the "D:" prefix; pdfinfo reads it as 1 Jan 1970.
        #expect(DocumentChecks.text(pdf).contains("/CreationDate (19700101000000Z)"))
    }

    @Test func twoRendersAreByteIdentical() throws {
        let first = try PDFDocumentWriter.render(try document())
        let second = try PDFDocumentWriter.render(try document())
        #expect(first == second)
    }

    @Test(arguments: ["深圳市宝安区 王小明", "<b>bold</b> & %PDF %%EOF \u{0}\u{1B}[31m\u{7F}\u{85} (paren \\ back", "&amp; <span foreground=\"red\">x</span>"])
    func hostileAndChineseTextDoesNotBreakIt(text: String) throws {
        let pdf = try PDFDocumentWriter.render(try document(cell: text, picture: false))
        #expect(DocumentChecks.isPDF(pdf))
        #expect(pageCount(pdf) > 1)
    }

    @Test func aBrokenPictureIsAnError() throws {
        var broken = try document(picture: false)
        broken.blocks.append(.picture(png: Array("not a png".utf8), caption: "x"))
        #expect(throws: RenderingError.self) { try PDFDocumentWriter.render(broken) }
    }
}
