import Foundation
import Testing
@testable import CaseFiles
import Investigation
import Rendering
import SellerGraph
import TestFixtures

@Suite struct ReferralPDFTests {
    private func investigation(_ world: MiniWorld) throws -> Investigation {
        let directory = try world.write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let loaded = try DatasetLoader(directory: directory).load()
        return Investigation(network: loaded.network, options: Investigation.Options())
    }

    private func pages(_ pdf: [UInt8]) -> Int {
        String(decoding: pdf, as: UTF8.self).components(separatedBy: "/Type /Page").dropFirst().filter { !$0.hasPrefix("s") }.count
    }

    /// A Chinese name, markup, an entity, a PDF comment and control characters in ring A's
    /// first seller: the PDF is still whole, and the same bytes twice.
    @Test func aHostileChineseSellerNameDoesNotBreakTheReferral() throws {
        let hostile = "\"王小明 <b>bold</b> &amp; & %PDF %%EOF \u{1}\u{1B}[31m\""
        let investigation = try investigation(MiniWorld(firstRingSellerCell: hostile))
        let ring = try #require(investigation.rings.first { $0.assessment != .legitimateCluster })
        let layout = try RingDiagram.renderDetailed(Diagrams.input(for: ring, in: investigation), formats: [.svg], keepsLayout: true).layout
        #expect(layout != nil)
        let pdf = try ReferralPDF.render(ring, investigation: investigation, diagram: layout)
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        #expect(String(decoding: pdf.suffix(16), as: UTF8.self).contains("%%EOF"))
        #expect(pages(pdf) > 1)
        #expect(try ReferralPDF.render(ring, investigation: investigation, diagram: layout) == pdf)
        let document = ReferralPDF.document(for: ring, investigation: investigation, diagram: layout)
        let cells = document.blocks.flatMap { block -> [String] in
            if case .table(_, let rows) = block { return rows.flatMap { $0 } } else { return [] }
        }
        #expect(cells.contains { $0.contains("王小明 <b>bold</b> &amp; &") })
    }

    @Test func anUnreadableDiagramLeavesTheTextWithANote() throws {
        let investigation = try investigation(MiniWorld())
        let ring = try #require(investigation.rings.first { $0.assessment != .legitimateCluster })
        let pdf = try ReferralPDF.render(ring, investigation: investigation, diagram: DiagramLayout(dot: Array("not a graph {".utf8), width: 10, height: 10))
        #expect(pdf.starts(with: Array("%PDF".utf8)))
        #expect(pages(pdf) >= 1)
    }

    @Test func everyPackageHasAReferralPDF() throws {
        let directory = try MiniWorld().write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let run = NSTemporaryDirectory() + "ringscope-pdf-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: run) }
        let loaded = try DatasetLoader(directory: directory).load()
        let manifest = try CaseFileWriter().write(Investigation(network: loaded.network, options: Investigation.Options()),
                                                  datasetDirectory: directory, files: loaded.files, to: run)
        let markdown = manifest.outputs.map(\.path).filter { $0.hasSuffix("/referral.md") }
        #expect(!markdown.isEmpty)
        for path in markdown {
            let pdf = try #require(FileManager.default.contents(atPath: run + "/" + path.replacingOccurrences(of: ".md", with: ".pdf")))
            #expect(pdf.starts(with: Data("%PDF".utf8)))
        }
    }
}
