import Foundation
import Testing
@testable import Rendering

@Suite struct PDFDocumentWriterTests {
    /// A document of a title, a paragraph, a table long enough to run over a page, and the
    /// synthetic ring diagram (laid out by Graphviz, drawn as vectors).
    private func document(cell: String = "cell", picture: Bool = true, entities: Int = 12) throws -> ReportDocument {
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
            let layout = try #require(try RingDiagram.renderDetailed(.synthetic(entityCount: entities), formats: [.svg], keepsLayout: true).layout)
            blocks.append(.diagram(layout, caption: "Ring diagram"))
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

    @Test func aBrokenDiagramIsAnError() throws {
        var broken = try document(picture: false)
        broken.blocks.append(.diagram(DiagramLayout(dot: Array("not a graph {".utf8), width: 100, height: 100), caption: "x"))
        #expect(throws: RenderingError.self) { try PDFDocumentWriter.render(broken) }
    }

    /// The diagram is vectors, not a bitmap: no image in the PDF; and the page after it is
    /// still written (the drawing did not finish cairo's surface: Graphviz's pdf device would).
    @Test func theDiagramIsDrawnAsVectors() throws {
        let text = DocumentChecks.text(try PDFDocumentWriter.render(try document(entities: 120)))
        #expect(!text.contains("/Subtype /Image"))
        let withoutDiagram = pageCount(try PDFDocumentWriter.render(try document(picture: false)))
        let pages = pageCount(try PDFDocumentWriter.render(try document(entities: 120)))
        #expect(pages >= withoutDiagram + 2) // the diagram's page and the text after it
    }

    /// Referral PDFs are written on several threads while other threads fork layout
    /// children: the bytes are those of a serial run.
    @Test func concurrentRendersMatchSerialOnes() throws {
        let documents = try (0..<4).map { try document(cell: "cell \($0)", entities: 12 + 10 * $0) }
        let serial = try documents.map { try PDFDocumentWriter.render($0) }
        let results = Slots(count: documents.count * 2)
        DispatchQueue.concurrentPerform(iterations: documents.count * 2) { index in
            if index % 2 == 0 {
                results.set(index, try? PDFDocumentWriter.render(documents[index / 2]))
            } else {
                results.set(index, try? RingDiagram.render(.synthetic(entityCount: 30 + index), formats: [.svg])[.svg])
            }
        }
        for index in stride(from: 0, to: documents.count * 2, by: 2) {
            #expect(results.get(index) == serial[index / 2])
        }
        for index in stride(from: 1, to: documents.count * 2, by: 2) {
            #expect(results.get(index) != nil)
        }
    }
}

/// Results of concurrent tasks, one slot each, behind a lock.
private final class Slots: @unchecked Sendable {
    private var values: [[UInt8]?]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: [UInt8]?) { lock.lock(); values[index] = value; lock.unlock() }
    func get(_ index: Int) -> [UInt8]? { lock.lock(); defer { lock.unlock() }; return values[index] }
}
