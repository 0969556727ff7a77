import CaseStore
import Foundation
import Testing
@testable import CaseFiles
import Investigation
import SellerGraph
import TestFixtures

/// The case store's part of a run folder: rings.csv's last two columns, the case section of a
/// referral, the changes section of index.html, all escaped.
@Suite struct CaseSectionTests {
    private func investigate() throws -> Investigation {
        let directory = try MiniWorld().write()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = Investigation.Options()
        options.threads = 1
        return Investigation(network: try DatasetLoader(directory: directory).load().network, options: options)
    }

    private func recordedCases(_ investigation: Investigation, note: String) throws -> (RunCases, String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("case-sections-\(UUID().uuidString)").path
        let store = try CaseStore(path: folder + "/cases.sqlite")
        let snapshot = RunSnapshot(investigation: investigation, datasetPath: "/data/mini", runFolder: "/out/mini", toolVersion: "test",
                                   recordedAt: Date(timeIntervalSince1970: 1_772_323_200))
        let first = try store.record(snapshot)
        let caseID = first.rings[investigation.rings[0].id]!.caseID
        try store.addNote(to: caseID, note, by: .init(who: "<b>analyst</b>", day: "2026-03-02", reference: "=HYPERLINK(\"x\")"))
        var later = snapshot
        later.recordedAt = Date(timeIntervalSince1970: 1_772_323_200 + 86_400 * 30)
        return (try store.record(later), folder)
    }

    @Test func ringsCSVEndsWithTheCaseColumnsEmptyWithoutAStore() throws {
        let investigation = try investigate()
        let header = String(decoding: RunTables.rings(investigation), as: UTF8.self).split(separator: "\n")[0]
        #expect(header.hasSuffix(",hubs_touched,case_id,change"))
        let (cases, folder) = try recordedCases(investigation, note: "n")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lines = String(decoding: RunTables.rings(investigation, cases: cases), as: UTF8.self).split(separator: "\n")
        let top = investigation.rings[0]
        #expect(lines[1].hasPrefix(top.id + ","))
        #expect(lines[1].hasSuffix(",C-2026-0001,unchanged"))
        let legitimate = investigation.rings.firstIndex { $0.assessment == .legitimateCluster }!
        #expect(lines[legitimate + 1].hasSuffix(",,"))
    }

    @Test func theReferralCarriesTheCaseItsHistoryAndEarlierOutcomesEscaped() throws {
        let investigation = try investigate()
        let (cases, folder) = try recordedCases(investigation, note: "see [link](http://x) <script>alert(1)</script> | cell")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let ring = investigation.rings[0]
        let markdown = Referral.markdown(for: ring, investigation: investigation, diagram: nil, cases: cases)
        #expect(markdown.contains("## Case C-2026-0001\n\nStatus **new** · change in run 2"))
        #expect(markdown.contains("continues C-2026-0001: 6 of 6 sellers"))
        #expect(markdown.contains("### Case history"))
        #expect(markdown.contains("see \\[link\\](http://x) &lt;script&gt;alert(1)&lt;/script&gt; \\| cell"))
        #expect(markdown.contains("&lt;b&gt;analyst&lt;/b&gt;"))
        #expect(!markdown.contains("<script>"))
        #expect(markdown.contains("### Earlier runs"))
        let pdf = ReferralPDF.document(for: ring, investigation: investigation, diagram: nil, cases: cases)
        #expect(pdf.blocks.contains { if case .heading("Case C-2026-0001") = $0 { true } else { false } })

        let html = String(decoding: HTMLReport.document(for: investigation, packaged: [ring], diagrams: [:], cases: cases), as: UTF8.self)
        #expect(html.contains("<section id=\"cases\">"))
        #expect(html.contains("<a href=\"#cases\">Cases: what changed</a>"))
        #expect(html.contains(", 2026-03-01T00:00:00Z): 2 unchanged. Re-emerged cases come first"))
        let plain = String(decoding: HTMLReport.document(for: investigation, packaged: [ring], diagrams: [:]), as: UTF8.self)
        #expect(!plain.contains("id=\"cases\""))
    }
}
